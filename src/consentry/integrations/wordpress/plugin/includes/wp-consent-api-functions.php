<?php
/**
 * The WP Consent API's functions, for sites without the WP Consent API plugin.
 *
 * Loaded by Consentry_Wp_Consent_Api::define_missing_api() only when no other plugin has
 * defined them. Same names, arguments and filters as the API (https://wordpress.org/plugins/wp-consent-api/),
 * answered from Consentry's choice cookie.
 *
 * @package Consentry
 */

defined( 'ABSPATH' ) || exit;

// phpcs:disable WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedFunctionFound -- these are the WP Consent API's own names.

if ( ! function_exists( 'wp_get_consent_type' ) ) {
	/**
	 * The active consent type.
	 *
	 * @return string|false
	 */
	function wp_get_consent_type() {
		return apply_filters( 'wp_get_consent_type', false );
	}
}

if ( ! function_exists( 'wp_has_consent' ) ) {
	/**
	 * Whether the visitor consents to a category: functional, preferences, statistics,
	 * statistics-anonymous, marketing.
	 *
	 * @param string      $category     Consent category.
	 * @param string|bool $requested_by Plugin asking, e.g. "my-plugin/my-plugin.php".
	 * @return bool
	 */
	function wp_has_consent( $category, $requested_by = false ) {
		$has_consent = Consentry_Plugin::instance()->choice()->allows_wp_category( (string) $category );
		return (bool) apply_filters( 'wp_has_consent', $has_consent, $category, $requested_by );
	}
}

if ( ! function_exists( 'wp_set_consent' ) ) {
	/**
	 * Consent is given in Consentry's banner, which records it as proof; a call on the server
	 * cannot give it, so this does nothing (it exists so that callers do not fail).
	 *
	 * @param string $category Consent category.
	 * @param string $value    allow or deny.
	 */
	function wp_set_consent( $category, $value ) {
		unset( $category, $value );
	}
}

if ( ! function_exists( 'consent_api_registered' ) ) {
	/**
	 * Whether a plugin declared that it follows the WP Consent API.
	 *
	 * @param string $plugin Plugin basename.
	 * @return bool
	 */
	function consent_api_registered( $plugin ) {
		return (bool) apply_filters( "wp_consent_api_registered_{$plugin}", false );
	}
}
