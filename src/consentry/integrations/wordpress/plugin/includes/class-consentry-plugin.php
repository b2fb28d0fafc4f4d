<?php
/**
 * The plugin: builds its parts from the settings and site.json, once per request.
 *
 * @package Consentry
 */

defined( 'ABSPATH' ) || exit;

/**
 * Composition root. Holds the site, the visitor's choice (read once, when first asked) and
 * wires each part's hooks.
 */
final class Consentry_Plugin {

	/**
	 * The instance.
	 *
	 * @var Consentry_Plugin|null
	 */
	private static $instance = null;

	/**
	 * The site.
	 *
	 * @var Consentry_Site|null
	 */
	private $site = null;

	/**
	 * The visitor's choice.
	 *
	 * @var Consentry_Choice|null
	 */
	private $choice = null;

	/**
	 * The one instance.
	 *
	 * @return Consentry_Plugin
	 */
	public static function instance() {
		if ( null === self::$instance ) {
			self::$instance = new self();
		}
		return self::$instance;
	}

	/**
	 * Wire every part.
	 */
	public function boot() {
		$settings = Consentry_Settings::get();
		$markup   = new Consentry_Markup( $this->site(), $settings['auto_block'] );
		( new Consentry_Settings() )->register_hooks();
		( new Consentry_Script( $this->site(), $settings['auto_block'] ) )->register_hooks();
		( new Consentry_Embeds( $markup ) )->register_hooks();
		( new Consentry_Page( $markup ) )->register_hooks();
		( new Consentry_Controls( $this->site(), $settings['footer_link'] ) )->register_hooks();
		( new Consentry_Wp_Consent_Api( $this ) )->register_hooks();
	}

	/**
	 * The site (site.json and the server URL).
	 *
	 * @return Consentry_Site
	 */
	public function site() {
		if ( null === $this->site ) {
			$this->site = Consentry_Site::load( Consentry_Settings::get()['server_url'] );
		}
		return $this->site;
	}

	/**
	 * The choice of the visitor of this request.
	 *
	 * @return Consentry_Choice
	 */
	public function choice() {
		if ( null === $this->choice ) {
			$this->choice = Consentry_Choice::from_request( $this->site() );
		}
		return $this->choice;
	}

	/**
	 * Whether the visitor allows a service or purpose: for themes and plugins,
	 * `Consentry_Plugin::instance()->allows( 'youtube' )`, or the function consentry_allows().
	 *
	 * @param string $id Service or purpose id.
	 * @return bool
	 */
	public function allows( $id ) {
		return $this->choice()->allows( (string) $id );
	}
}

/**
 * Whether the visitor of this request allows a service or purpose of the declaration.
 *
 * Mind page caches: a page that differs by visitor must not be cached for everyone.
 *
 * @param string $id Service or purpose id, such as "youtube" or "audience".
 * @return bool
 */
function consentry_allows( $id ) {
	return Consentry_Plugin::instance()->allows( $id );
}
