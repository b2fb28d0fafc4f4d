<?php
/**
 * Plugin Name:       Consentry
 * Description:       Consent banner from your Consentry server, third-party embeds and tags held back until consent, and the WP Consent API answered from the visitor's choices.
 * Version:           @CONSENTRY_VERSION@
 * Requires at least: 6.1
 * Requires PHP:      7.4
 * Author:            Consentry
 * License:           Apache-2.0
 * License URI:       https://www.apache.org/licenses/LICENSE-2.0
 * Text Domain:       consentry
 *
 * @package Consentry
 */

defined( 'ABSPATH' ) || exit;

define( 'CONSENTRY_VERSION', '@CONSENTRY_VERSION@' );
define( 'CONSENTRY_FILE', __FILE__ );
define( 'CONSENTRY_DIR', plugin_dir_path( __FILE__ ) );

require_once CONSENTRY_DIR . 'includes/class-consentry-site.php';
require_once CONSENTRY_DIR . 'includes/class-consentry-choice.php';
require_once CONSENTRY_DIR . 'includes/class-consentry-settings.php';
require_once CONSENTRY_DIR . 'includes/class-consentry-script.php';
require_once CONSENTRY_DIR . 'includes/class-consentry-markup.php';
require_once CONSENTRY_DIR . 'includes/class-consentry-embeds.php';
require_once CONSENTRY_DIR . 'includes/class-consentry-page.php';
require_once CONSENTRY_DIR . 'includes/class-consentry-controls.php';
require_once CONSENTRY_DIR . 'includes/class-consentry-wp-consent-api.php';
require_once CONSENTRY_DIR . 'includes/class-consentry-plugin.php';

Consentry_Plugin::instance()->boot();
