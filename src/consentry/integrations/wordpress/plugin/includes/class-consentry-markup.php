<?php
/**
 * Hold back the markup of declared third parties: Consentry's `hold_markup`, in PHP.
 *
 * @package Consentry
 */

defined( 'ABSPATH' ) || exit;

/**
 * Rewrites the tags of declared hosts into the held forms the banner releases on consent,
 * exactly as `consentry.banner.hold_markup` does in Python (a parity test runs both on the
 * same pages):
 *
 * - `<script src>` becomes `<script type="text/plain" data-consentry-service>` (its own type
 *   kept in `data-consentry-type`): the banner runs it, in document order;
 * - `<iframe src>` becomes `<iframe data-src data-consentry-service>`: the banner shows a
 *   placeholder in its box;
 * - with automatic blocking, `<img src|srcset>` and `<link href>` (stylesheet, preload,
 *   prefetch, modulepreload…) keep their URL in `data-src`, `data-srcset`, `data-href`: the
 *   blocking script releases them (only it does, hence only with automatic blocking).
 *
 * One addition of the plugin's own: an inline script that names such a host (the usual loader
 * snippets of Google Tag Manager, Facebook, Hotjar...) is held back like a script tag.
 *
 * The markup is the same for every visitor (every service that needs consent is held), so a
 * page cache may serve it to anyone: each browser releases what its visitor allows. Only the
 * start tags change, by renaming and adding attributes: every other byte stays as it came.
 */
final class Consentry_Markup {

	/**
	 * The tags held, and the attributes that make each one load.
	 */
	const URL_ATTRIBUTES = array(
		'script' => array( 'src' ),
		'iframe' => array( 'src' ),
		'img'    => array( 'src', 'srcset' ),
		'link'   => array( 'href' ),
	);

	/**
	 * Script types that run (anything else is data, or already held).
	 */
	const RUNNABLE = '/^(module|.*(java|ecma)script)?$/i';

	/**
	 * What follows a tag's name up to its `>`: its attributes as an HTML parser reads them
	 * (Python's HTMLParser, which `hold_markup` uses), quoted values may hold a `>`.
	 */
	const TAG_REST = '(?=[\t\n\r\f />])(?:[\s/]*+(?:(?<=[\'"\s/])[^\s/>][^\s/=>]*+(?:\s*+=++\s*+(?:\'[^\']*+\'|"[^"]*+"|(?![\'"])[^>\s]*+)\s*+)?+(?:\s|/(?!>))*+)*+)?+\s*+/?>';

	/**
	 * A page: comments and stylesheets (kept), script elements, and the other tags held.
	 */
	const PAGE = '~<!--(?:[^-]++|-(?!->))*+(?:-->|\z)|<style' . self::TAG_REST . '(?:[^<]++|<(?!/style\s*>))*+(?:</style\s*>|\z)|(?<script><script' . self::TAG_REST . ')(?<content>(?:[^<]++|<(?!/script\s*>))*+)(?:</script\s*>|\z)|(?<tag><(?<name>iframe|img|link)' . self::TAG_REST . ')~i';

	/**
	 * One attribute at the offset: name, then `=` and its value, if any.
	 */
	const ATTRIBUTE = '~\G((?<=[\'"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*(\'[^\']*\'|"[^"]*"|(?![\'"])[^>\s]*))?(?:\s|/(?!>))*~';

	/**
	 * Host names in an inline script (JSON-escaped slashes too).
	 */
	const URL_HOSTS = '#(?:https?:)?\\\\?/\\\\?/([a-z0-9][a-z0-9.-]*[a-z0-9])#i';

	/**
	 * The site.
	 *
	 * @var Consentry_Site
	 */
	private $site;

	/**
	 * Whether images and links are held too (automatic blocking: the script releases them).
	 *
	 * @var bool
	 */
	private $resources;

	/**
	 * Constructor.
	 *
	 * @param Consentry_Site $site      The site.
	 * @param bool           $resources Whether to hold images and links (automatic blocking).
	 */
	public function __construct( Consentry_Site $site, $resources = true ) {
		$this->site      = $site;
		$this->resources = (bool) $resources;
	}

	/**
	 * Hold back every tag of a declared third party in a page or an HTML fragment.
	 *
	 * @param string $html HTML.
	 * @return string
	 */
	public function gate( $html ) {
		if ( ! is_string( $html ) || false === strpos( $html, '<' ) ) {
			return $html;
		}
		$gated = preg_replace_callback( self::PAGE, array( $this, 'gate_match' ), $html, -1, $count, PREG_UNMATCHED_AS_NULL );
		return is_string( $gated ) ? $gated : $html; // A regex error (too big a page): as it is.
	}

	/**
	 * One match of the page: a comment or a stylesheet (kept), a script element, or a tag.
	 *
	 * @param array $match Regex match.
	 * @return string
	 */
	public function gate_match( $match ) {
		if ( isset( $match['script'] ) ) {
			$tag = $this->hold( 'script', $match['script'], (string) $match['content'] );
			return $tag . substr( $match[0], strlen( $match['script'] ) );
		}
		if ( isset( $match['tag'] ) ) {
			$name = strtolower( $match['name'] );
			if ( 'iframe' !== $name && ! $this->resources ) {
				return $match[0];
			}
			return $this->hold( $name, $match['tag'], '' );
		}
		return $match[0];
	}

	/**
	 * A start tag, held when a URL it loads is on a declared host of a service that needs
	 * consent (or may be objected to).
	 *
	 * @param string $name    Tag name, lower case.
	 * @param string $tag     The start tag.
	 * @param string $content A script's text.
	 * @return string
	 */
	private function hold( $name, $tag, $content ) {
		$attributes = self::attributes( $tag, strlen( $name ) + 1 );
		if ( null === $attributes['list'] ) {
			return $tag; // Not a tag a parser reads (text, then).
		}
		$values = array();
		foreach ( $attributes['list'] as $attribute ) {
			$values[ $attribute['name'] ] = $attribute['value']; // The last one counts, as in Python.
		}
		if ( 'script' === $name && ! preg_match( self::RUNNABLE, (string) ( $values['type'] ?? '' ) ) ) {
			return $tag; // Data (JSON, templates), or already held.
		}
		$service = null;
		foreach ( self::URL_ATTRIBUTES[ $name ] as $attribute ) {
			foreach ( self::urls( $attribute, (string) ( $values[ $attribute ] ?? '' ) ) as $url ) {
				$service = $this->site->gated_service_for_url( $url );
				if ( null !== $service ) {
					break 2;
				}
			}
		}
		if ( null === $service && 'script' === $name && ! array_key_exists( 'src', $values ) ) {
			$service = $this->inline_service( $content );
		}
		/**
		 * Filters which declared service, if any, a tag is held back for.
		 *
		 * @param array|null $service The declared service (null: the tag is left alone).
		 * @param string     $tag     The start tag.
		 */
		$service = apply_filters( 'consentry_gated_service', $service, $tag );
		if ( ! is_array( $service ) || ! isset( $service['id'] ) ) {
			return $tag;
		}
		return self::held_tag( $name, $tag, $attributes, (string) $service['id'] );
	}

	/**
	 * The service of the first declared host an inline script names, or null.
	 *
	 * @param string $content The script's text.
	 * @return array|null
	 */
	private function inline_service( $content ) {
		if ( ! preg_match_all( self::URL_HOSTS, $content, $hosts ) ) {
			return null;
		}
		foreach ( $hosts[1] as $host ) {
			$service = $this->site->gated_service_for_url( '//' . $host . '/' );
			if ( null !== $service ) {
				return $service;
			}
		}
		return null;
	}

	/**
	 * The held form of a start tag: its URL attributes renamed (a script's type instead), and
	 * the service named; every other byte of the tag kept.
	 *
	 * @param string $name       Tag name, lower case.
	 * @param string $tag        The start tag.
	 * @param array  $attributes What attributes() read of it.
	 * @param string $id         The service id.
	 * @return string
	 */
	private static function held_tag( $name, $tag, $attributes, $id ) {
		$edits = array();
		if ( 'script' === $name ) {
			$edits[] = array( strlen( '<script' ), 0, ' type="text/plain"' );
		}
		foreach ( $attributes['list'] as $attribute ) {
			$start = $attribute['start'];
			if ( 'data-consentry-service' === $attribute['name'] || 'data-consentry-type' === $attribute['name'] ) {
				$edits[] = array( $start, $attribute['end'] - $start, '' );
			} elseif ( 'script' === $name && 'type' === $attribute['name'] ) {
				$edits[] = array( $start, $attribute['name_length'], 'data-consentry-type' );
			} elseif ( 'script' !== $name && in_array( $attribute['name'], self::URL_ATTRIBUTES[ $name ], true ) ) {
				$edits[] = array( $start, $attribute['name_length'], 'data-' . $attribute['name'] );
			}
		}
		$edits[] = array( $attributes['end'], 0, ' data-consentry-service="' . esc_attr( $id ) . '"' );
		$held    = '';
		$done    = 0;
		foreach ( $edits as $edit ) { // In the order of the tag: each starts after the last.
			$held .= substr( $tag, $done, $edit[0] - $done ) . $edit[2];
			$done  = $edit[0] + $edit[1];
		}
		return $held . substr( $tag, $done );
	}

	/**
	 * The attributes of a start tag, read as Python's HTMLParser reads them: each one's
	 * lower-case name, decoded value (null when it has none), and where it lies in the tag;
	 * `end` is where the attributes end. `list` is null when the tag does not end right there.
	 *
	 * @param string $tag    The start tag.
	 * @param int    $offset Where its name ends.
	 * @return array{list: array[]|null, end: int}
	 */
	private static function attributes( $tag, $offset ) {
		if ( preg_match( '~\G(?:\s|/(?!>))*~', $tag, $space, 0, $offset ) ) {
			$offset += strlen( $space[0] );
		}
		$list   = array();
		$length = strlen( $tag );
		while ( $offset < $length && preg_match( self::ATTRIBUTE, $tag, $m, PREG_OFFSET_CAPTURE | PREG_UNMATCHED_AS_NULL, $offset ) ) {
			$value = null;
			if ( null !== $m[2][0] && '' !== $m[2][0] ) {
				$value = (string) $m[3][0];
				$first = substr( $value, 0, 1 );
				if ( strlen( $value ) > 1 && ( '"' === $first || "'" === $first ) && substr( $value, -1 ) === $first ) {
					$value = substr( $value, 1, -1 );
				}
				$value = html_entity_decode( $value, ENT_QUOTES | ENT_HTML5, 'UTF-8' );
			}
			$list[] = array(
				'name'        => strtolower( $m[1][0] ),
				'value'       => $value,
				'start'       => $m[0][1],
				'name_length' => strlen( $m[1][0] ),
				'end'         => $m[0][1] + strlen( $m[0][0] ),
			);
			$offset = $m[0][1] + strlen( $m[0][0] );
		}
		$rest = trim( substr( $tag, $offset ) );
		return array(
			'list' => '>' === $rest || '/>' === $rest ? $list : null,
			'end'  => $offset,
		);
	}

	/**
	 * The URLs of an attribute: every candidate's of a srcset, else the value.
	 *
	 * @param string $attribute Attribute name.
	 * @param string $value     Its value.
	 * @return string[]
	 */
	private static function urls( $attribute, $value ) {
		if ( 'srcset' !== $attribute ) {
			return array( $value );
		}
		$urls = array();
		foreach ( explode( ',', $value ) as $candidate ) {
			$parts = preg_split( '/\s+/', trim( $candidate ) );
			if ( is_array( $parts ) && '' !== $parts[0] ) {
				$urls[] = $parts[0];
			}
		}
		return $urls;
	}
}
