<?php
/**
 * oEmbed output (YouTube, Vimeo, any declared host) turned into gated embeds.
 *
 * @package Consentry
 */

defined( 'ABSPATH' ) || exit;

/**
 * WordPress builds a YouTube or Vimeo player from a bare URL in a post (oEmbed). Its iframe
 * would load the player, and set the provider's cookies, before any choice: this turns it
 * into `<iframe data-consentry-service="youtube" data-src="…">`, which the banner shows as
 * a placeholder until the visitor allows the service.
 */
final class Consentry_Embeds {

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
	 * Hook into oEmbed rendering.
	 */
	public function register_hooks() {
		add_filter( 'embed_oembed_html', array( $this, 'gate_oembed' ), 20, 2 );
	}

	/**
	 * Gate the iframe of an oEmbed, except in the editor's preview (the editor has no banner).
	 *
	 * @param string|false $html oEmbed HTML.
	 * @param string       $url  The embedded URL.
	 * @return string|false
	 */
	public function gate_oembed( $html, $url ) {
		unset( $url );
		if ( ! is_string( $html ) || $this->is_editor_preview() ) {
			return $html;
		}
		return $this->markup->gate( $html );
	}

	/**
	 * Whether this is the REST oEmbed proxy the block editor uses for its previews.
	 *
	 * @return bool
	 */
	private function is_editor_preview() {
		global $wp;
		$route = isset( $wp->query_vars['rest_route'] ) ? (string) $wp->query_vars['rest_route'] : '';
		return 0 === strpos( $route, '/oembed/1.0/proxy' );
	}
}
