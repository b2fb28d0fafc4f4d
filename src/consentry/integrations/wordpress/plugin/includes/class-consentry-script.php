<?php
/**
 * The banner script, first in <head>, and the small script that feeds the WP Consent API.
 *
 * @package Consentry
 */

defined( 'ABSPATH' ) || exit;

/**
 * Prints consentry.js before anything else a plugin or theme adds to <head>. With automatic
 * blocking on, it is the blocking variant (`/consentry.js?auto_block=1`: the consent server
 * joins the module whatever the declaration says), synchronous, since it must run before the
 * tags it holds back; off, the plain script with `defer` (DESIGN: the browser contract).
 */
final class Consentry_Script {

	const HANDLE    = 'consentry';
	const WP_HANDLE = 'consentry-wp-consent';

	/**
	 * The site.
	 *
	 * @var Consentry_Site
	 */
	private $site;

	/**
	 * Whether automatic blocking is on.
	 *
	 * @var bool
	 */
	private $auto_block;

	/**
	 * Constructor.
	 *
	 * @param Consentry_Site $site       The site.
	 * @param bool           $auto_block Whether automatic blocking is on.
	 */
	public function __construct( Consentry_Site $site, $auto_block ) {
		$this->site       = $site;
		$this->auto_block = (bool) $auto_block;
	}

	/**
	 * Hook into the front end.
	 */
	public function register_hooks() {
		if ( '' === $this->site->server_url() ) {
			return;
		}
		add_action( 'wp_enqueue_scripts', array( $this, 'register' ), 0 );
		add_action( 'wp_head', array( $this, 'print_banner' ), PHP_INT_MIN );
		add_filter( 'script_loader_tag', array( $this, 'script_tag' ), 10, 2 );
	}

	/**
	 * Register the banner (printed by hand, first) and enqueue the WP Consent API bridge.
	 */
	public function register() {
		// The server answers with Cache-Control: no-cache and an ETag: no version argument.
		wp_register_script( self::HANDLE, $this->url(), array(), null, false ); // phpcs:ignore WordPress.WP.EnqueuedResourceParameters.MissingVersion
		wp_enqueue_script( self::WP_HANDLE, plugins_url( 'assets/consentry-wp-consent.js', CONSENTRY_FILE ), array( self::HANDLE ), CONSENTRY_VERSION, true );
		wp_add_inline_script(
			self::WP_HANDLE,
			'window.consentryWpConsent = ' . wp_json_encode( array( 'categories' => $this->site->wp_consent_rules() ) ) . ';',
			'before'
		);
	}

	/**
	 * The banner script's URL: the blocking variant with automatic blocking.
	 *
	 * @return string
	 */
	public function url() {
		$url = $this->site->server_url() . '/consentry.js';
		return $this->auto_block ? $url . '?auto_block=1' : $url;
	}

	/**
	 * Print the banner script: the first hook of wp_head runs before any other output there.
	 */
	public function print_banner() {
		if ( ! wp_script_is( self::HANDLE, 'registered' ) ) {
			$this->register();
		}
		wp_print_scripts( array( self::HANDLE ) );
	}

	/**
	 * Add `defer` to the banner's tag when automatic blocking is off.
	 *
	 * @param string $tag    The <script> tag.
	 * @param string $handle Script handle.
	 * @return string
	 */
	public function script_tag( $tag, $handle ) {
		if ( self::HANDLE !== $handle || $this->auto_block || false !== strpos( $tag, ' defer' ) ) {
			return $tag;
		}
		return preg_replace( '/<script\b/', '<script defer', $tag, 1 );
	}
}
