<?php
/**
 * The WP Consent API answered from Consentry's choices.
 *
 * @package Consentry
 */

defined( 'ABSPATH' ) || exit;

/**
 * Plugins that follow the WP Consent API ask `wp_has_consent( 'statistics' )` before they
 * track. With the WP Consent API plugin installed, Consentry registers itself, declares an
 * opt-in consent type and answers its `wp_has_consent` filter from the choice cookie. Without
 * it, Consentry defines the API's functions itself (once every plugin is loaded, so the real
 * plugin always wins), so that the same calls still get the visitor's real answer.
 */
final class Consentry_Wp_Consent_Api {

	/**
	 * The plugin.
	 *
	 * @var Consentry_Plugin
	 */
	private $plugin;

	/**
	 * Constructor.
	 *
	 * @param Consentry_Plugin $plugin The plugin.
	 */
	public function __construct( Consentry_Plugin $plugin ) {
		$this->plugin = $plugin;
	}

	/**
	 * Hook into the API.
	 */
	public function register_hooks() {
		add_filter( 'wp_consent_api_registered_' . plugin_basename( CONSENTRY_FILE ), '__return_true' );
		add_filter( 'wp_get_consent_type', array( $this, 'consent_type' ), 20 );
		add_filter( 'wp_has_consent', array( $this, 'has_consent' ), 20, 2 );
		add_filter( 'wp_consent_api_cookie_expiration', array( $this, 'cookie_expiration_days' ), 20 );
		add_action( 'plugins_loaded', array( $this, 'define_missing_api' ), PHP_INT_MAX );
	}

	/**
	 * Define wp_has_consent() and its siblings when the WP Consent API plugin is absent.
	 */
	public function define_missing_api() {
		if ( ! function_exists( 'wp_has_consent' ) ) {
			require_once CONSENTRY_DIR . 'includes/wp-consent-api-functions.php';
		}
	}

	/**
	 * The consent type: opt-in (nothing before consent), as the CNIL requires.
	 *
	 * @return string
	 */
	public function consent_type() {
		return 'optin';
	}

	/**
	 * Answer wp_has_consent( $category ) from the visitor's Consentry choice.
	 *
	 * @param bool   $has_consent What the API computed from its own cookies (ignored).
	 * @param string $category    WP Consent API category.
	 * @return bool
	 */
	public function has_consent( $has_consent, $category ) {
		unset( $has_consent );
		return $this->plugin->choice()->allows_wp_category( (string) $category );
	}

	/**
	 * The API's own category cookies live no longer than a Consentry choice.
	 *
	 * @return int Days.
	 */
	public function cookie_expiration_days() {
		$now = (int) floor( microtime( true ) * 1000 );
		return max( 1, (int) floor( ( $this->plugin->site()->expiry_ms( $now ) - $now ) / ( DAY_IN_SECONDS * 1000 ) ) );
	}
}
