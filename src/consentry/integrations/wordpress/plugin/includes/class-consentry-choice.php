<?php
/**
 * The visitor's choice, read from the choice cookie the banner writes (CONTRACTS §1).
 *
 * @package Consentry
 */

defined( 'ABSPATH' ) || exit;

/**
 * One visitor's choice. Anything that is not a current, valid choice reads as no choice,
 * which refuses everything that needs consent.
 */
final class Consentry_Choice {

	const MAX_LENGTH = 4096;

	/**
	 * The site.
	 *
	 * @var Consentry_Site
	 */
	private $site;

	/**
	 * Whether the visitor has made a choice that still counts.
	 *
	 * @var bool
	 */
	private $decided;

	/**
	 * Purpose id => accepted.
	 *
	 * @var bool[]
	 */
	private $purposes;

	/**
	 * Service id => accepted.
	 *
	 * @var bool[]
	 */
	private $services;

	/**
	 * Constructor.
	 *
	 * @param Consentry_Site $site     The site.
	 * @param bool           $decided  Whether there is a valid choice.
	 * @param bool[]         $purposes Purpose id => accepted.
	 * @param bool[]         $services Service id => accepted.
	 */
	public function __construct( Consentry_Site $site, $decided, array $purposes = array(), array $services = array() ) {
		$this->site     = $site;
		$this->decided  = (bool) $decided;
		$this->purposes = $purposes;
		$this->services = $services;
	}

	/**
	 * The choice of the visitor of the current request.
	 *
	 * @param Consentry_Site $site The site.
	 * @return Consentry_Choice
	 */
	public static function from_request( Consentry_Site $site ) {
		// PHP files cookies whose names hold "." or " " under "_" in $_COOKIE.
		$name = str_replace( array( '.', ' ' ), '_', $site->cookie_name() );
		if ( ! isset( $_COOKIE[ $name ] ) || ! is_string( $_COOKIE[ $name ] ) ) {
			return new self( $site, false );
		}
		// phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- JSON, validated field by field in parse().
		$raw = wp_unslash( $_COOKIE[ $name ] );
		return self::parse( $site, $raw, (int) floor( microtime( true ) * 1000 ) );
	}

	/**
	 * Read a cookie value (already URL-decoded by PHP) at a given time.
	 *
	 * @param Consentry_Site $site   The site.
	 * @param string         $raw    The cookie value.
	 * @param int            $now_ms Now, ms since epoch.
	 * @return Consentry_Choice
	 */
	public static function parse( Consentry_Site $site, $raw, $now_ms ) {
		$none = new self( $site, false );
		if ( ! is_string( $raw ) || '' === $raw || strlen( $raw ) > self::MAX_LENGTH ) {
			return $none;
		}
		$data = json_decode( $raw, true );
		if ( ! is_array( $data ) || 1 !== ( $data['v'] ?? null ) ) {
			return $none;
		}
		if ( ! is_string( $data['policyVersion'] ?? null ) || $data['policyVersion'] !== $site->policy_version() ) {
			return $none;
		}
		$decided_at = $data['decidedAt'] ?? null;
		if ( is_float( $decided_at ) && floor( $decided_at ) === $decided_at && $decided_at < PHP_INT_MAX ) {
			$decided_at = (int) $decided_at;
		}
		if ( ! is_int( $decided_at ) || $decided_at <= 0 || $decided_at >= 100000000000000 ) {
			return $none;
		}
		if ( $now_ms >= $site->expiry_ms( $decided_at ) ) {
			return $none;
		}
		return new self( $site, true, self::flags( $data['purposes'] ?? null ), self::flags( $data['services'] ?? null ) );
	}

	/**
	 * Keep the boolean entries of a JSON object; anything else reads as refused.
	 *
	 * @param mixed $value Decoded JSON.
	 * @return bool[]
	 */
	private static function flags( $value ) {
		$flags = array();
		if ( is_array( $value ) ) {
			foreach ( $value as $key => $flag ) {
				if ( is_string( $key ) && is_bool( $flag ) ) {
					$flags[ $key ] = $flag;
				}
			}
		}
		return $flags;
	}

	/**
	 * Whether there is a valid choice.
	 *
	 * @return bool
	 */
	public function decided() {
		return $this->decided;
	}

	/**
	 * Whether the visitor allows a service or a purpose (unknown ids are refused).
	 *
	 * @param string $id Service or purpose id.
	 * @return bool
	 */
	public function allows( $id ) {
		$service = $this->site->service( $id );
		if ( null !== $service ) {
			if ( empty( $service['consent_required'] ) && empty( $service['opt_out'] ) ) {
				return true;
			}
			if ( ! empty( $service['opt_out'] ) && ! $this->decided ) {
				return true;
			}
			return $this->decided && true === ( $this->services[ $id ] ?? false );
		}
		if ( 'necessary' === $id ) {
			return true;
		}
		return $this->decided && true === ( $this->purposes[ $id ] ?? false );
	}

	/**
	 * The answer to wp_has_consent( $category ), from the rules baked into site.json.
	 *
	 * @param string $category WP Consent API category.
	 * @return bool
	 */
	public function allows_wp_category( $category ) {
		$rule = $this->site->wp_consent_rule( $category );
		if ( null === $rule ) {
			return false;
		}
		if ( ! empty( $rule['always'] ) ) {
			return true;
		}
		$purposes = (array) ( $rule['purposes'] ?? array() );
		if ( $this->decided && count( $purposes ) > 0 && count( array_filter( $purposes, array( $this, 'allows' ) ) ) === count( $purposes ) ) {
			return true;
		}
		$exempt = (array) ( $rule['exempt_services'] ?? array() );
		return count( $exempt ) > 0 && count( array_filter( $exempt, array( $this, 'allows' ) ) ) === count( $exempt );
	}
}
