<?php
/**
 * Gate markup of declared third parties: the DESIGN contract, applied on the server.
 *
 * @package Consentry
 */

defined( 'ABSPATH' ) || exit;

/**
 * Rewrites `<iframe src>` into `<iframe data-consentry-service data-src>` (the banner shows
 * a placeholder) and `<script src>` into `<script type="text/plain" data-consentry-service>`
 * (the banner runs it after consent), for URLs on a declared host of a service that needs
 * consent. An inline script that names such a host (the usual loader snippets of Google Tag
 * Manager, Facebook, Hotjar...) is held back the same way. The browser fetches none of them
 * before the banner releases them.
 */
final class Consentry_Markup {

	const ELEMENTS = '/<script\b[^>]*>.*?<\/script\s*>|<iframe\b[^>]*>/is';
	const URL_HOSTS = '#(?:https?:)?\\\\?/\\\\?/([a-z0-9][a-z0-9.-]*[a-z0-9])#i';

	/**
	 * The site.
	 *
	 * @var Consentry_Site
	 */
	private $site;

	/**
	 * Constructor.
	 *
	 * @param Consentry_Site $site The site.
	 */
	public function __construct( Consentry_Site $site ) {
		$this->site = $site;
	}

	/**
	 * Gate every iframe and script tag of a declared third party in an HTML fragment.
	 *
	 * @param string $html HTML.
	 * @return string
	 */
	public function gate( $html ) {
		if ( ! is_string( $html ) || false === stripos( $html, '<iframe' ) && false === stripos( $html, '<script' ) ) {
			return $html;
		}
		$gated = preg_replace_callback( self::ELEMENTS, array( $this, 'gate_element' ), $html );
		return is_string( $gated ) ? $gated : $html;
	}

	/**
	 * Gate one iframe tag or script element.
	 *
	 * @param string[] $match Regex match: the element.
	 * @return string
	 */
	public function gate_element( $match ) {
		$element = $match[0];
		$end     = strpos( $element, '>' );
		$tag     = substr( $element, 0, $end + 1 );
		$rest    = substr( $element, $end + 1 );
		$name    = 0 === stripos( $tag, '<iframe' ) ? 'iframe' : 'script';
		if ( false !== stripos( $tag, 'data-consentry-' ) ) {
			return $element;
		}
		$src     = self::attribute( $tag, 'src' );
		$service = null;
		if ( null !== $src ) {
			$service = $this->site->gated_service_for_url( html_entity_decode( $src, ENT_QUOTES ) );
		} elseif ( 'script' === $name && preg_match_all( self::URL_HOSTS, $rest, $hosts ) ) {
			foreach ( $hosts[1] as $host ) {
				$service = $this->site->gated_service_for_url( '//' . $host . '/' );
				if ( null !== $service ) {
					break;
				}
			}
		}
		/**
		 * Filters which declared service, if any, a tag is held back for.
		 *
		 * @param array|null $service The declared service (null: the tag is left alone).
		 * @param string     $tag     The opening tag.
		 */
		$service = apply_filters( 'consentry_gated_service', $service, $tag );
		if ( ! is_array( $service ) || ! isset( $service['id'] ) ) {
			return $element;
		}
		$mark = ' data-consentry-service="' . esc_attr( $service['id'] ) . '"';
		if ( 'iframe' === $name ) {
			$tag = self::rename_attribute( $tag, 'src', 'data-src' );
			return preg_replace( '/^<iframe\b/i', '<iframe' . $mark, $tag, 1 ) . $rest;
		}
		$type = self::attribute( $tag, 'type' );
		if ( null !== $type && ! self::is_javascript_type( $type ) && 'module' !== strtolower( trim( $type ) ) ) {
			return $element; // Data (JSON, templates): nothing runs, nothing to hold back.
		}
		if ( null !== $type && 'module' === strtolower( trim( $type ) ) ) {
			$mark .= ' data-consentry-type="module"'; // The banner restores it on release.
		}
		$tag = self::remove_attribute( $tag, 'type' );
		return preg_replace( '/^<script\b/i', '<script type="text/plain"' . $mark, $tag, 1 ) . $rest;
	}

	/**
	 * Whether a script type runs as classic JavaScript.
	 *
	 * @param string $type The type attribute.
	 * @return bool
	 */
	private static function is_javascript_type( $type ) {
		$type = strtolower( trim( $type ) );
		return '' === $type || 'text/javascript' === $type || 'application/javascript' === $type;
	}

	/**
	 * The value of an attribute of an opening tag, or null.
	 *
	 * @param string $tag  Opening tag.
	 * @param string $name Attribute name.
	 * @return string|null
	 */
	public static function attribute( $tag, $name ) {
		if ( preg_match( '/\s' . preg_quote( $name, '/' ) . '\s*=\s*(?:"([^"]*)"|\'([^\']*)\'|([^\s>]+))/i', $tag, $m, PREG_UNMATCHED_AS_NULL ) ) {
			return $m[1] ?? $m[2] ?? $m[3];
		}
		return null;
	}

	/**
	 * Rename an attribute, keeping its value.
	 *
	 * @param string $tag  Opening tag.
	 * @param string $from Current name.
	 * @param string $to   New name.
	 * @return string
	 */
	private static function rename_attribute( $tag, $from, $to ) {
		return preg_replace( '/(\s)' . preg_quote( $from, '/' ) . '(\s*=)/i', '$1' . $to . '$2', $tag, 1 );
	}

	/**
	 * Remove an attribute and its value.
	 *
	 * @param string $tag  Opening tag.
	 * @param string $name Attribute name.
	 * @return string
	 */
	private static function remove_attribute( $tag, $name ) {
		return preg_replace( '/\s' . preg_quote( $name, '/' ) . '\s*=\s*(?:"[^"]*"|\'[^\']*\'|[^\s>]+)/i', '', $tag, 1 );
	}
}
