/**
 * Consentry → WP Consent API, in the browser.
 *
 * Plugins that follow the WP Consent API read its per-category cookies in JavaScript; this
 * keeps them equal to the visitor's Consentry choice: on every `consentry:change`, and once
 * at load (so that an expired or withdrawn choice also resets them).
 * The rules come from the site's declaration (window.consentryWpConsent, see site_data.py).
 *
 * @package Consentry
 */
( function () {
	'use strict';

	var config = window.consentryWpConsent || { categories: {} };

	function allows( choice, id, rule ) {
		var services = ( choice && choice.services ) || {};
		var purposes = ( choice && choice.purposes ) || {};
		return rule === 'service' ? ( choice ? services[ id ] === true : true ) : purposes[ id ] === true;
	}

	function allowed( rule, choice ) {
		var purposes = rule.purposes || [];
		var exempt = rule.exempt_services || [];
		if ( rule.always ) {
			return true;
		}
		if ( choice && purposes.length && purposes.every( function ( id ) {
			return allows( choice, id, 'purpose' );
		} ) ) {
			return true;
		}
		return exempt.length > 0 && exempt.every( function ( id ) {
			return allows( choice, id, 'service' );
		} );
	}

	function sync( choice ) {
		if ( typeof window.wp_set_consent !== 'function' ) {
			return;
		}
		Object.keys( config.categories ).forEach( function ( category ) {
			window.wp_set_consent( category, allowed( config.categories[ category ], choice ) ? 'allow' : 'deny' );
		} );
	}

	window.wp_consent_type = 'optin';
	document.dispatchEvent( new CustomEvent( 'wp_consent_type_defined' ) );
	document.addEventListener( 'consentry:change', function ( event ) {
		sync( event.detail );
	} );
	if ( window.consentry && typeof window.consentry.get === 'function' ) {
		try {
			sync( window.consentry.get() );
		} catch ( error ) {
			window.console.warn( 'Consentry: could not pass the choice to the WP Consent API', error );
		}
	}
}() );
