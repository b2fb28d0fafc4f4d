<?php
/**
 * The site's declaration as baked into site.json, and the policy version the server serves.
 *
 * @package Consentry
 */

defined( 'ABSPATH' ) || exit;

/**
 * What the plugin knows of consentry.toml: the choice cookie, services, hosts and labels.
 */
final class Consentry_Site {

	const POLICY_TRANSIENT = 'consentry_server_policy';

	/**
	 * Decoded site.json.
	 *
	 * @var array
	 */
	private $data;

	/**
	 * Declared hosts to the index of their service: `exact` and `wildcard` (`*.` suffixes),
	 * built when first needed.
	 *
	 * @var array|null
	 */
	private $hosts = null;

	/**
	 * Consent server URL (from the settings), without a trailing slash; '' when not set.
	 *
	 * @var string
	 */
	private $server_url;

	/**
	 * Constructor.
	 *
	 * @param array  $data       Decoded site.json.
	 * @param string $server_url Consent server URL.
	 */
	public function __construct( array $data, $server_url ) {
		$this->data       = $data;
		$this->server_url = untrailingslashit( (string) $server_url );
	}

	/**
	 * Load site.json shipped in the plugin folder.
	 *
	 * @param string $server_url Consent server URL.
	 * @return Consentry_Site
	 */
	public static function load( $server_url ) {
		$data = wp_json_file_decode( CONSENTRY_DIR . 'site.json', array( 'associative' => true ) );
		return new self( is_array( $data ) ? $data : array(), $server_url );
	}

	/**
	 * Whether site.json was found and read.
	 *
	 * @return bool
	 */
	public function is_valid() {
		return isset( $this->data['cookie_name'], $this->data['policy_version'], $this->data['lifetime'] );
	}

	/**
	 * Name of the choice cookie (`[banner].cookie_name`).
	 *
	 * @return string
	 */
	public function cookie_name() {
		return (string) ( $this->data['cookie_name'] ?? 'cookie_consent' );
	}

	/**
	 * The consent server URL, '' when not configured.
	 *
	 * @return string
	 */
	public function server_url() {
		return $this->server_url;
	}

	/**
	 * Policy version baked into this build of the plugin.
	 *
	 * @return string
	 */
	public function built_policy_version() {
		return (string) ( $this->data['policy_version'] ?? '' );
	}

	/**
	 * Policy version in force: the server's (cached five minutes), else the built one.
	 *
	 * A choice made under another version is no choice, so the version must follow the
	 * server as soon as the declaration changes there, even before the plugin is rebuilt.
	 *
	 * @return string
	 */
	public function policy_version() {
		$server = $this->server_policy();
		return '' !== $server['version'] ? $server['version'] : $this->built_policy_version();
	}

	/**
	 * What GET /healthz on the consent server answered, cached in a transient.
	 *
	 * @return array{version: string, error: string}
	 */
	public function server_policy() {
		if ( '' === $this->server_url ) {
			return array(
				'version' => '',
				'error'   => 'no server',
			);
		}
		$cached = get_transient( self::POLICY_TRANSIENT );
		if ( is_array( $cached ) && isset( $cached['url'] ) && $cached['url'] === $this->server_url ) {
			return $cached;
		}
		$answer   = array(
			'url'     => $this->server_url,
			'version' => '',
			'error'   => '',
		);
		$response = wp_remote_get(
			$this->server_url . '/healthz',
			array(
				'timeout'     => 2,
				'redirection' => 0,
			)
		);
		$body     = is_wp_error( $response ) ? null : json_decode( wp_remote_retrieve_body( $response ), true );
		if ( is_wp_error( $response ) ) {
			$answer['error'] = $response->get_error_message();
		} elseif ( 200 !== wp_remote_retrieve_response_code( $response ) ) {
			$answer['error'] = 'HTTP ' . wp_remote_retrieve_response_code( $response );
		} elseif ( ! is_array( $body ) || ! is_string( $body['policy_version'] ?? null ) || ! preg_match( '/^[0-9a-f]{12}$/', $body['policy_version'] ) ) {
			$answer['error'] = 'no policy version in the answer';
		} else {
			$answer['version'] = $body['policy_version'];
		}
		set_transient( self::POLICY_TRANSIENT, $answer, '' === $answer['error'] ? 5 * MINUTE_IN_SECONDS : MINUTE_IN_SECONDS );
		return $answer;
	}

	/**
	 * The instant (ms since epoch) a choice made at $decided_at_ms stops counting.
	 *
	 * Calendar months as the declaration counts them: the 31st plus one month is the last
	 * day of the next month (UTC).
	 *
	 * @param int $decided_at_ms Decision time, ms since epoch.
	 * @return int
	 */
	public function expiry_ms( $decided_at_ms ) {
		$amount  = (int) ( $this->data['lifetime']['amount'] ?? 6 );
		$unit    = (string) ( $this->data['lifetime']['unit'] ?? 'months' );
		$seconds = array(
			'seconds' => 1,
			'minutes' => MINUTE_IN_SECONDS,
			'hours'   => HOUR_IN_SECONDS,
			'days'    => DAY_IN_SECONDS,
			'weeks'   => WEEK_IN_SECONDS,
		);
		if ( isset( $seconds[ $unit ] ) ) {
			return $decided_at_ms + $amount * $seconds[ $unit ] * 1000;
		}
		$months = 'years' === $unit ? 12 * $amount : $amount;
		$start  = intdiv( $decided_at_ms, 1000 );
		$index  = (int) gmdate( 'n', $start ) - 1 + $months;
		$year   = (int) gmdate( 'Y', $start ) + intdiv( $index, 12 );
		$month  = $index % 12 + 1;
		$last   = (int) gmdate( 't', gmmktime( 0, 0, 0, $month, 1, $year ) );
		$day    = min( (int) gmdate( 'j', $start ), $last );
		$end    = gmmktime( (int) gmdate( 'G', $start ), (int) gmdate( 'i', $start ), (int) gmdate( 's', $start ), $month, $day, $year );
		return $end * 1000 + $decided_at_ms % 1000;
	}

	/**
	 * Declared services.
	 *
	 * @return array[]
	 */
	public function services() {
		return is_array( $this->data['services'] ?? null ) ? $this->data['services'] : array();
	}

	/**
	 * A declared service by id, or null.
	 *
	 * @param string $id Service id.
	 * @return array|null
	 */
	public function service( $id ) {
		foreach ( $this->services() as $service ) {
			if ( $service['id'] === $id ) {
				return $service;
			}
		}
		return null;
	}

	/**
	 * The service whose declared hosts hold a URL's host, or null; matched as the catalog
	 * and `consentry.banner.service_of` match: an exact host first, then the longest `*.`
	 * suffix (which does not match the bare domain), the first declared service winning.
	 *
	 * @param string $url An absolute or protocol-relative URL.
	 * @return array|null
	 */
	public function service_for_url( $url ) {
		$host = wp_parse_url( trim( (string) $url ), PHP_URL_HOST );
		if ( ! is_string( $host ) || '' === $host ) {
			return null;
		}
		$host = rtrim( strtolower( $host ), '.' );
		if ( null === $this->hosts ) {
			$this->hosts = array(
				'exact'    => array(),
				'wildcard' => array(),
			);
			foreach ( $this->services() as $index => $service ) {
				foreach ( (array) ( $service['hosts'] ?? array() ) as $pattern ) {
					$pattern = (string) $pattern;
					$kind    = 0 === strpos( $pattern, '*.' ) ? 'wildcard' : 'exact';
					$key     = 'wildcard' === $kind ? substr( $pattern, 2 ) : $pattern;
					if ( ! isset( $this->hosts[ $kind ][ $key ] ) ) {
						$this->hosts[ $kind ][ $key ] = $index;
					}
				}
			}
		}
		$services = $this->services();
		if ( isset( $this->hosts['exact'][ $host ] ) ) {
			return $services[ $this->hosts['exact'][ $host ] ];
		}
		$labels = explode( '.', $host );
		$count  = count( $labels );
		for ( $start = 1; $start < $count; $start++ ) {
			$suffix = implode( '.', array_slice( $labels, $start ) );
			if ( isset( $this->hosts['wildcard'][ $suffix ] ) ) {
				return $services[ $this->hosts['wildcard'][ $suffix ] ];
			}
		}
		return null;
	}

	/**
	 * The service a URL's host belongs to if it needs consent or allows an opt-out (what the
	 * banner may hold back), else null.
	 *
	 * @param string $url An absolute or protocol-relative URL.
	 * @return array|null
	 */
	public function gated_service_for_url( $url ) {
		$service = $this->service_for_url( $url );
		if ( null === $service || ( empty( $service['consent_required'] ) && empty( $service['opt_out'] ) ) ) {
			return null;
		}
		return $service;
	}

	/**
	 * The WP Consent API rule of a category (see site_data.py), or null for an unknown one.
	 *
	 * @param string $category WP Consent API category.
	 * @return array|null
	 */
	public function wp_consent_rule( $category ) {
		$rules = is_array( $this->data['wp_consent'] ?? null ) ? $this->data['wp_consent'] : array();
		return isset( $rules[ $category ] ) && is_array( $rules[ $category ] ) ? $rules[ $category ] : null;
	}

	/**
	 * All WP Consent API rules, for the browser.
	 *
	 * @return array
	 */
	public function wp_consent_rules() {
		return is_array( $this->data['wp_consent'] ?? null ) ? $this->data['wp_consent'] : array();
	}

	/**
	 * A label in the visitor's language (the site's first language otherwise).
	 *
	 * @param string $key Label key: manage, video.
	 * @return string
	 */
	public function label( $key ) {
		$labels    = is_array( $this->data['labels'] ?? null ) ? $this->data['labels'] : array();
		$languages = array_keys( $labels );
		$wanted    = substr( determine_locale(), 0, 2 );
		$language  = isset( $labels[ $wanted ] ) ? $wanted : ( $languages[0] ?? '' );
		$text      = (string) ( $labels[ $language ][ $key ] ?? $key );
		/**
		 * Filters a text the plugin shows to visitors.
		 *
		 * @param string $text     The text.
		 * @param string $key      Which text: manage (the "Gérer mes cookies" link), video.
		 * @param string $language Language code.
		 */
		return (string) apply_filters( 'consentry_label', $text, $key, $language );
	}

	/**
	 * URL of the cookie policy: the declared one (a path is on this site), else the consent
	 * server's /policy.
	 *
	 * @return string
	 */
	public function policy_url() {
		$declared = (string) ( $this->data['policy_url'] ?? '' );
		if ( '' !== $declared ) {
			return 0 === strpos( $declared, '/' ) ? home_url( $declared ) : $declared;
		}
		return '' !== $this->server_url ? $this->server_url . '/policy' : '';
	}
}
