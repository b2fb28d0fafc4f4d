<?php
/**
 * Settings → Consentry: the consent server URL, automatic blocking, the footer link.
 *
 * @package Consentry
 */

defined( 'ABSPATH' ) || exit;

/**
 * The plugin's one option, its sanitising, and the settings page (Settings API: the nonce
 * and the capability check of options.php, plus our own check before rendering).
 */
final class Consentry_Settings {

	const OPTION     = 'consentry_settings';
	const PAGE       = 'consentry';
	const CAPABILITY = 'manage_options';

	/**
	 * Default settings: automatic blocking on (the script loads first and synchronously).
	 *
	 * @return array
	 */
	public static function defaults() {
		return array(
			'server_url'  => '',
			'auto_block'  => true,
			'footer_link' => true,
		);
	}

	/**
	 * Current settings merged over the defaults.
	 *
	 * @return array
	 */
	public static function get() {
		$saved = get_option( self::OPTION, array() );
		return array_merge( self::defaults(), is_array( $saved ) ? $saved : array() );
	}

	/**
	 * Hook the page into the admin.
	 */
	public function register_hooks() {
		add_action( 'admin_init', array( $this, 'register_setting' ) );
		add_action( 'admin_menu', array( $this, 'add_page' ) );
		add_action( 'admin_notices', array( $this, 'notice_missing_server' ) );
		add_filter( 'plugin_action_links_' . plugin_basename( CONSENTRY_FILE ), array( $this, 'action_links' ) );
	}

	/**
	 * Register the option with its sanitiser, and the fields.
	 */
	public function register_setting() {
		register_setting(
			self::PAGE,
			self::OPTION,
			array(
				'type'              => 'array',
				'sanitize_callback' => array( $this, 'sanitize' ),
				'default'           => self::defaults(),
			)
		);
		add_settings_section( 'consentry_main', '', '__return_false', self::PAGE );
		add_settings_field( 'consentry_server_url', __( 'Consent server URL', 'consentry' ), array( $this, 'field_server_url' ), self::PAGE, 'consentry_main', array( 'label_for' => 'consentry_server_url' ) );
		add_settings_field( 'consentry_auto_block', __( 'Automatic blocking', 'consentry' ), array( $this, 'field_auto_block' ), self::PAGE, 'consentry_main' );
		add_settings_field( 'consentry_footer_link', __( 'Footer link', 'consentry' ), array( $this, 'field_footer_link' ), self::PAGE, 'consentry_main' );
	}

	/**
	 * Keep only what we expect; a bad URL keeps the previous one and says why.
	 *
	 * @param mixed $input Submitted values.
	 * @return array
	 */
	public function sanitize( $input ) {
		$current = self::get();
		$input   = is_array( $input ) ? $input : array();
		$url     = trim( (string) ( $input['server_url'] ?? '' ) );
		$clean   = untrailingslashit( esc_url_raw( $url, array( 'http', 'https' ) ) );
		if ( '' !== $url && ( ! $this->is_http_url( $url ) || $clean !== untrailingslashit( $url ) ) ) {
			add_settings_error(
				self::OPTION,
				'consentry_server_url',
				sprintf(
					/* translators: %s: the URL that was typed. */
					esc_html__( '"%s" is not an http(s) URL; the consent server URL was not changed.', 'consentry' ),
					esc_html( $url ) // settings_errors() prints messages as HTML.
				)
			);
			$clean = $current['server_url'];
		}
		if ( $clean !== $current['server_url'] ) {
			delete_transient( Consentry_Site::POLICY_TRANSIENT );
		}
		return array(
			'server_url'  => $clean,
			'auto_block'  => ! empty( $input['auto_block'] ),
			'footer_link' => ! empty( $input['footer_link'] ),
		);
	}

	/**
	 * An http(s) URL with a host name, as typed (the server may be on this machine or
	 * network, which wp_http_validate_url() would refuse).
	 *
	 * @param string $url URL.
	 * @return bool
	 */
	private function is_http_url( $url ) {
		if ( ! preg_match( '#^https?://[^/\s"\'<>]+(/[^\s"\'<>]*)?$#i', $url ) ) {
			return false;
		}
		$host = wp_parse_url( $url, PHP_URL_HOST );
		return is_string( $host ) && 1 === preg_match( '/^([a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/i', $host );
	}

	/**
	 * Add Settings → Consentry.
	 */
	public function add_page() {
		add_options_page( __( 'Consentry', 'consentry' ), __( 'Consentry', 'consentry' ), self::CAPABILITY, self::PAGE, array( $this, 'render_page' ) );
	}

	/**
	 * The settings page.
	 */
	public function render_page() {
		if ( ! current_user_can( self::CAPABILITY ) ) {
			wp_die( esc_html__( 'You are not allowed to change the consent settings.', 'consentry' ), 403 );
		}
		$site   = Consentry_Plugin::instance()->site();
		$server = $site->server_policy();
		?>
		<div class="wrap">
			<h1><?php echo esc_html( get_admin_page_title() ); ?></h1>
			<?php settings_errors( self::OPTION ); ?>
			<form action="<?php echo esc_url( admin_url( 'options.php' ) ); ?>" method="post">
				<?php
				settings_fields( self::PAGE );
				do_settings_sections( self::PAGE );
				submit_button();
				?>
			</form>
			<h2><?php esc_html_e( 'Status', 'consentry' ); ?></h2>
			<table class="widefat striped" id="consentry-status">
				<tbody>
					<tr>
						<th scope="row"><?php esc_html_e( 'Policy version of this plugin build', 'consentry' ); ?></th>
						<td><code><?php echo esc_html( $site->built_policy_version() ); ?></code></td>
					</tr>
					<tr>
						<th scope="row"><?php esc_html_e( 'Policy version served by the consent server', 'consentry' ); ?></th>
						<td>
							<?php if ( '' !== $server['version'] ) : ?>
								<code><?php echo esc_html( $server['version'] ); ?></code>
								<?php if ( $server['version'] !== $site->built_policy_version() ) : ?>
									<p><?php esc_html_e( 'The declaration changed since this plugin was built: run "consentry wordpress-plugin" again and upload the new zip, so that new services are held back too.', 'consentry' ); ?></p>
								<?php endif; ?>
							<?php else : ?>
								<?php
								/* translators: %s: why the server could not be asked. */
								echo esc_html( sprintf( __( 'Not reachable (%s).', 'consentry' ), $server['error'] ) );
								?>
							<?php endif; ?>
						</td>
					</tr>
					<tr>
						<th scope="row"><?php esc_html_e( 'Held back until consent', 'consentry' ); ?></th>
						<td>
							<?php
							$names = array();
							foreach ( $site->services() as $service ) {
								if ( ! empty( $service['consent_required'] ) ) {
									$names[] = $service['name'];
								}
							}
							echo esc_html( implode( ', ', $names ) );
							?>
						</td>
					</tr>
				</tbody>
			</table>
		</div>
		<?php
	}

	/**
	 * The server URL field.
	 */
	public function field_server_url() {
		$settings = self::get();
		printf(
			'<input type="url" class="regular-text code" id="consentry_server_url" name="%1$s[server_url]" value="%2$s" placeholder="https://consent.example.com" /><p class="description">%3$s</p>',
			esc_attr( self::OPTION ),
			esc_attr( $settings['server_url'] ),
			esc_html__( 'Where "consentry serve" runs: the banner script and the consent records come from there.', 'consentry' )
		);
	}

	/**
	 * The automatic blocking field.
	 */
	public function field_auto_block() {
		$settings = self::get();
		printf(
			'<label><input type="checkbox" id="consentry_auto_block" name="%1$s[auto_block]" value="1" %2$s /> %3$s</label><p class="description">%4$s</p>',
			esc_attr( self::OPTION ),
			checked( $settings['auto_block'], true, false ),
			esc_html__( 'Hold back the scripts, iframes, images and links of declared third parties, whoever prints them: the banner loads first in <head>, synchronously, with its blocking module.', 'consentry' ),
			esc_html__( 'Off: the banner loads deferred, without it; only scripts and iframes are held back (images, pixels and links load at once).', 'consentry' )
		);
	}

	/**
	 * The footer link field.
	 */
	public function field_footer_link() {
		$settings = self::get();
		printf(
			'<label><input type="checkbox" id="consentry_footer_link" name="%1$s[footer_link]" value="1" %2$s /> %3$s</label>',
			esc_attr( self::OPTION ),
			checked( $settings['footer_link'], true, false ),
			esc_html__( 'Add a "Gérer mes cookies" link at the bottom of every page (the shortcode [consentry_manage] and the block do the same anywhere).', 'consentry' )
		);
	}

	/**
	 * Say so when the server URL is missing: without it there is no banner.
	 */
	public function notice_missing_server() {
		if ( ! current_user_can( self::CAPABILITY ) || '' !== self::get()['server_url'] ) {
			return;
		}
		printf(
			'<div class="notice notice-warning"><p>%1$s <a href="%2$s">%3$s</a></p></div>',
			esc_html__( 'Consentry shows no banner until you set the consent server URL; embeds and marked tags stay held back.', 'consentry' ),
			esc_url( admin_url( 'options-general.php?page=' . self::PAGE ) ),
			esc_html__( 'Set it now', 'consentry' )
		);
	}

	/**
	 * A Settings link on the Plugins screen.
	 *
	 * @param string[] $links Existing links.
	 * @return string[]
	 */
	public function action_links( $links ) {
		array_unshift(
			$links,
			sprintf( '<a href="%1$s">%2$s</a>', esc_url( admin_url( 'options-general.php?page=' . self::PAGE ) ), esc_html__( 'Settings', 'consentry' ) )
		);
		return $links;
	}
}
