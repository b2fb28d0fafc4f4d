<?php
/**
 * "Gérer mes cookies": the shortcode, the block and the footer link that reopen the banner.
 *
 * @package Consentry
 */

defined( 'ABSPATH' ) || exit;

/**
 * Every control is a link to the cookie policy carrying `data-consentry-open`: the banner
 * turns a click into its preferences dialog, and without JavaScript the link still leads
 * to the policy, which explains how to choose.
 */
final class Consentry_Controls {

	const SHORTCODE = 'consentry_manage';

	/**
	 * The site.
	 *
	 * @var Consentry_Site
	 */
	private $site;

	/**
	 * Whether to print the footer link.
	 *
	 * @var bool
	 */
	private $footer_link;

	/**
	 * Constructor.
	 *
	 * @param Consentry_Site $site        The site.
	 * @param bool           $footer_link Whether to print the footer link.
	 */
	public function __construct( Consentry_Site $site, $footer_link ) {
		$this->site        = $site;
		$this->footer_link = (bool) $footer_link;
	}

	/**
	 * Register the shortcode, the block and the footer link.
	 */
	public function register_hooks() {
		add_shortcode( self::SHORTCODE, array( $this, 'shortcode' ) );
		add_action( 'init', array( $this, 'register_block' ) );
		if ( $this->footer_link ) {
			add_action( 'wp_footer', array( $this, 'footer' ) );
		}
	}

	/**
	 * The block "Gérer mes cookies" (rendered on the server, like the shortcode).
	 */
	public function register_block() {
		register_block_type(
			CONSENTRY_DIR . 'blocks/manage-cookies',
			array( 'render_callback' => array( $this, 'render_block' ) )
		);
	}

	/**
	 * `[consentry_manage label="…"]`.
	 *
	 * @param array|string $atts Shortcode attributes.
	 * @return string
	 */
	public function shortcode( $atts ) {
		$atts = shortcode_atts( array( 'label' => '' ), $atts, self::SHORTCODE );
		return $this->link( (string) $atts['label'], 'consentry-manage' );
	}

	/**
	 * Render the block.
	 *
	 * @param array $attributes Block attributes.
	 * @return string
	 */
	public function render_block( $attributes ) {
		$label = isset( $attributes['label'] ) ? (string) $attributes['label'] : '';
		return '<p ' . get_block_wrapper_attributes() . '>' . $this->link( $label, 'consentry-manage' ) . '</p>';
	}

	/**
	 * The footer link.
	 */
	public function footer() {
		echo '<p class="consentry-footer" style="text-align:center">' . $this->link( '', 'consentry-manage' ) . '</p>'; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- link() escapes every part.
	}

	/**
	 * The link itself, escaped.
	 *
	 * @param string $label Text ('' for the default in the visitor's language).
	 * @param string $class CSS class.
	 * @return string
	 */
	public function link( $label, $class ) {
		$label = '' !== trim( $label ) ? $label : $this->site->label( 'manage' );
		$href  = $this->site->policy_url();
		return sprintf(
			'<a class="%1$s" href="%2$s" data-consentry-open>%3$s</a>',
			esc_attr( $class ),
			esc_url( '' !== $href ? $href : '#' ),
			esc_html( $label )
		);
	}
}
