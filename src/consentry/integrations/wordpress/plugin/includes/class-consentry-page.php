<?php
/**
 * Hold back the tags other plugins and the theme print, on every front-end page.
 *
 * @package Consentry
 */

defined( 'ABSPATH' ) || exit;

/**
 * Buffers the front-end page and holds back, with Consentry_Markup, each script and iframe of
 * a declared third party that the site owner cannot edit (a tracking plugin's tag, a theme's
 * hard-coded player), and with automatic blocking each image, pixel and link too. Done
 * whatever the visitor chose, so that a page cache never serves one visitor's released markup
 * to another: the banner releases what each visitor allows.
 */
final class Consentry_Page {

	/**
	 * The markup gate.
	 *
	 * @var Consentry_Markup
	 */
	private $markup;

	/**
	 * Constructor.
	 *
	 * @param Consentry_Markup $markup The markup gate.
	 */
	public function __construct( Consentry_Markup $markup ) {
		$this->markup = $markup;
	}

	/**
	 * Start buffering once WordPress knows it renders a front-end page.
	 */
	public function register_hooks() {
		add_action( 'template_redirect', array( $this, 'start' ), PHP_INT_MAX );
	}

	/**
	 * Buffer the page, unless it is a feed, an embed of our own posts or not HTML.
	 */
	public function start() {
		if ( is_admin() || is_feed() || wp_doing_ajax() || ( defined( 'REST_REQUEST' ) && REST_REQUEST ) ) {
			return;
		}
		/**
		 * Filters whether Consentry holds back the third-party tags of this page.
		 *
		 * @param bool $gate True to gate the page.
		 */
		if ( ! apply_filters( 'consentry_gate_page', true ) ) {
			return;
		}
		ob_start( array( $this, 'finish' ) );
	}

	/**
	 * The output buffer's callback: gate the page when it is HTML.
	 *
	 * @param string $html The page.
	 * @return string
	 */
	public function finish( $html ) {
		foreach ( headers_list() as $header ) {
			if ( 0 === stripos( $header, 'content-type:' ) && false === stripos( $header, 'html' ) ) {
				return $html;
			}
		}
		return $this->markup->gate( $html );
	}
}
