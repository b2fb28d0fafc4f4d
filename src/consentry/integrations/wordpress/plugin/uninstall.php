<?php
/**
 * Removes the plugin's settings when it is deleted from the Plugins screen.
 *
 * @package Consentry
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

delete_option( 'consentry_settings' );
delete_transient( 'consentry_server_policy' );
