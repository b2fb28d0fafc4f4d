<?php
/**
 * Script dependencies of the block's editor script.
 *
 * @package Consentry
 */

return array(
	'dependencies' => array( 'wp-blocks', 'wp-element', 'wp-block-editor', 'wp-components' ),
	'version'      => '@CONSENTRY_VERSION@',
);
