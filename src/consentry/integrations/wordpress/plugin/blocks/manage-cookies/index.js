/**
 * Editor side of the "Gérer mes cookies" block: a text field for the label. The page shows
 * what the server renders (Consentry_Controls::render_block), so nothing is saved here.
 *
 * @package Consentry
 */
( function ( blocks, element, blockEditor, components ) {
	'use strict';

	var el = element.createElement;

	blocks.registerBlockType( 'consentry/manage-cookies', {
		edit: function ( props ) {
			return el(
				'p',
				blockEditor.useBlockProps(),
				el( components.TextControl, {
					label: 'Gérer mes cookies',
					help: 'Texte du lien (vide : « Gérer mes cookies »).',
					value: props.attributes.label,
					onChange: function ( value ) {
						props.setAttributes( { label: value } );
					}
				} )
			);
		},
		save: function () {
			return null;
		}
	} );
}( window.wp.blocks, window.wp.element, window.wp.blockEditor, window.wp.components ) );
