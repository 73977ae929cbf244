/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>
#include <uplink.h>

#include "uplink-application.h"
#include "uplink-monitor-source.h"
#include "uplink-preferences-dialog.h"
#include "uplink-reference-server.h"
#include "uplink-welcome.h"
#include "uplink-window.h"

/*
 * The window in each state, light and dark, driven by the reference server
 * in this process. It checks what the window says (the words come from
 * uplink_describe_*()) and saves a PNG per state for people to look at,
 * in $UPLINK_TEST_OUTPUT_DIR; pixels are never compared.
 *
 * The service and the window process are two applications here in one
 * process, on a bus of the test's own: the window sees the service only
 * through D-Bus, as it does in Uplink, so every check waits until what
 * the service's connection did has reached the window's source.
 */

#define TIMEOUT_S 20

typedef struct {
  UplinkApplication *application;
  UplinkWindowApplication *window_application;
  UplinkReferenceServer *server;
  UplinkWindow *window;
  GSettings *settings;
  const char *scheme;
} Fixture;

static gboolean
timed_out (gpointer user_data)
{
  gboolean *flag = user_data;

  *flag = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main context until @done holds, or fails after TIMEOUT_S. */
#define WAIT_FOR(done) \
  G_STMT_START { \
    gboolean _timed_out = FALSE; \
    guint _id = g_timeout_add_seconds (TIMEOUT_S, timed_out, &_timed_out); \
    while (!(done) && !_timed_out) \
      g_main_context_iteration (NULL, TRUE); \
    if (!_timed_out) \
      g_source_remove (_id); \
    g_assert_true (done); \
  } G_STMT_END

static UplinkConnection *
connection (Fixture *fixture)
{
  return uplink_application_get_connection (fixture->application);
}

/* What the window shows: the service's connection as seen over D-Bus. */
static UplinkStatusSource *
shown (Fixture *fixture)
{
  return uplink_window_get_source (fixture->window);
}

/* The service's connection to the address in the settings (a new address
 * takes the keyring's time before its connection exists, and the settings
 * keep it without its secrets) is in @state, and the window shows it. */
static gboolean
in_state (Fixture     *fixture,
          UplinkState  state)
{
  g_autofree char *url = g_settings_get_string (fixture->settings, "url");

  return connection (fixture) != NULL &&
         g_str_has_prefix (uplink_connection_get_url (connection (fixture)), url) &&
         uplink_connection_get_state (connection (fixture)) == state &&
         uplink_status_source_get_state (shown (fixture)) == state;
}

static gboolean
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_is_drawable (widget) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (find_label (child, text))
      return TRUE;

  return FALSE;
}

static void
on_frame (GdkFrameClock *clock,
          gpointer       user_data)
{
  (*(guint *) user_data)++;
}

/* Two frames after a change, the window shows it. An idle window draws
 * no frame of its own accord (nothing on it counts seconds), so each
 * frame is asked for. */
static void
wait_for_frames (Fixture *fixture)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (fixture->window));
  guint frames = 0;
  gulong id;

  g_assert_nonnull (clock);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_frame), &frames);
  gtk_widget_queue_draw (GTK_WIDGET (fixture->window));
  WAIT_FOR (frames >= 1);
  gtk_widget_queue_draw (GTK_WIDGET (fixture->window));
  WAIT_FOR (frames >= 2);
  g_signal_handler_disconnect (clock, id);
}

static void
screenshot (Fixture    *fixture,
            const char *name)
{
  GtkWidget *widget = GTK_WIDGET (fixture->window);
  const char *dir = g_getenv ("UPLINK_TEST_OUTPUT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  int width, height;

  wait_for_frames (fixture);
  if (dir == NULL)
    return;

  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));

  g_mkdir_with_parents (dir, 0755);
  file = g_strdup_printf ("window-%s-%s.png", name, fixture->scheme);
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

/* The window's title and sentence are the library's words for the state. */
static void
assert_shows_state (Fixture *fixture)
{
  g_autofree char *title = uplink_describe_title (shown (fixture));

  g_assert_cmpstr (uplink_window_get_page (fixture->window), ==, "status");
  wait_for_frames (fixture);
  g_assert_true (find_label (GTK_WIDGET (fixture->window), title));
}

/* The first widget under @widget (itself included) that @match accepts. */
static GtkWidget *
find_widget (GtkWidget     *widget,
             gboolean     (*match) (GtkWidget *widget, gconstpointer data),
             gconstpointer  data)
{
  if (match (widget, data))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
is_button_for (GtkWidget     *widget,
               gconstpointer  action_name)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action_name) == 0;
}

static gboolean
is_entry_row (GtkWidget     *widget,
              gconstpointer  data)
{
  return ADW_IS_ENTRY_ROW (widget);
}

/* Reconnect Now is the suggested action only while it would help. */
static gboolean
reconnect_is_suggested (Fixture *fixture)
{
  GtkWidget *button = find_widget (GTK_WIDGET (fixture->window), is_button_for, "app.reconnect");

  g_assert_nonnull (button);
  return gtk_widget_has_css_class (button, "suggested-action");
}

/* The window works on a 360 px wide phone or a narrow tiled window. */
static void
assert_fits_narrow_screens (Fixture *fixture)
{
  int minimum;

  gtk_widget_measure (GTK_WIDGET (fixture->window), GTK_ORIENTATION_HORIZONTAL, -1,
                      &minimum, NULL, NULL, NULL);
  g_test_message ("narrowest window: %d px", minimum);
  g_assert_cmpint (minimum, <=, 360);
}

/* The event log and Copy Details: what happened, redacted. */
static void
assert_event_log (Fixture *fixture)
{
  UplinkEventLog *log = uplink_window_application_get_event_log (fixture->window_application);
  g_autofree char *report = uplink_event_log_get_report (log);
  g_autoptr(GList) toplevels = NULL;
  GtkWindow *log_window = NULL;

  g_test_message ("report:\n%s", report);
  g_assert_nonnull (strstr (report, "token=***"));
  g_assert_null (strstr (report, "s3cret"));
  g_assert_nonnull (strstr (report, "(disconnected)"));
  g_assert_nonnull (strstr (report, "Disconnected since"));
  g_assert_nonnull (strstr (report, "HTTP 503"));
  g_assert_cmpuint (uplink_event_log_get_n_events (log), >, 2);
  g_assert_cmpuint (uplink_event_log_get_n_events (log), <=, UPLINK_EVENT_LOG_CAPACITY);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "uplink.event-log", NULL));
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (g_strcmp0 (gtk_window_get_title (l->data), "Event Log") == 0)
      log_window = g_object_ref (l->data);
  g_assert_nonnull (log_window);
  wait_for_frames (fixture);
  g_assert_true (find_label (GTK_WIDGET (log_window), "The server is busy and asked to wait (HTTP 503)"));
  gtk_window_destroy (log_window);
  g_object_unref (log_window);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GList *windows;

  fixture->scheme = data;
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      g_str_equal (data, "dark") ? ADW_COLOR_SCHEME_FORCE_DARK
                                                                 : ADW_COLOR_SCHEME_FORCE_LIGHT);

  fixture->server = uplink_reference_server_new (NULL);
  g_assert_true (uplink_reference_server_listen (fixture->server, "127.0.0.1", 0, &error));
  g_assert_no_error (error);

  fixture->settings = g_settings_new (APP_ID);
  g_settings_set_string (fixture->settings, "url", "");
  g_settings_set_uint (fixture->settings, "backoff-max", 1);
  /* No notification daemon here; the notifier has tests of its own. */
  g_settings_set_boolean (fixture->settings, "notify-on-disconnect", FALSE);
  g_settings_set_boolean (fixture->settings, "notify-on-throttle", FALSE);

  g_assert_true (g_application_get_is_registered (G_APPLICATION (fixture->application)));
  g_assert_true (g_application_get_is_registered (G_APPLICATION (fixture->window_application)));
  g_application_activate (G_APPLICATION (fixture->window_application));
  windows = gtk_application_get_windows (GTK_APPLICATION (fixture->window_application));
  g_assert_nonnull (windows);
  fixture->window = UPLINK_WINDOW (windows->data);
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (fixture->window)) &&
            uplink_monitor_source_get_ready (UPLINK_MONITOR_SOURCE (shown (fixture))));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_settings_set_string (fixture->settings, "url", "");
  g_clear_object (&fixture->settings);
  g_clear_object (&fixture->server);
}

static UplinkApplication *shared_application;
static UplinkWindowApplication *shared_window_application;

static void
test_welcome (Fixture       *fixture,
              gconstpointer  data)
{
  fixture->application = shared_application;
  fixture->window_application = shared_window_application;
  fixture_set_up (fixture, data);
  g_assert_cmpstr (uplink_window_get_page (fixture->window), ==, "welcome");
  screenshot (fixture, "welcome");

  /* The shortcuts window comes from the resources, with Ctrl+? for it. */
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (fixture->window)));
  {
    static const struct { const char *action; const char *accel; } accels[] = {
      { "app.quit", "<Control>q" },
      { "app.preferences", "<Control>comma" },
      { "app.reconnect", "<Control>r" },
      { "win.show-help-overlay", "<Control>question" },
    };

    for (gsize i = 0; i < G_N_ELEMENTS (accels); i++)
      {
        g_auto(GStrv) set = gtk_application_get_accels_for_action (GTK_APPLICATION (fixture->window_application),
                                                                   accels[i].action);
        g_assert_true (g_strv_contains ((const char * const *) set, accels[i].accel));
      }
  }

  fixture_tear_down (fixture, data);
}

static UplinkWelcome *
find_welcome (GtkWidget *widget)
{
  if (UPLINK_IS_WELCOME (widget))
    return UPLINK_WELCOME (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      UplinkWelcome *found = find_welcome (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
test_welcome_rejects_bad_url (Fixture       *fixture,
                              gconstpointer  data)
{
  UplinkWelcome *welcome;
  g_autofree char *url = NULL;

  fixture->application = shared_application;
  fixture->window_application = shared_window_application;
  fixture_set_up (fixture, data);
  welcome = find_welcome (GTK_WIDGET (fixture->window));
  g_assert_nonnull (welcome);

  uplink_welcome_set_url (welcome, "http://chat.example.com/ws");
  g_assert_false (uplink_welcome_submit (welcome));
  g_assert_true (find_label (GTK_WIDGET (fixture->window), "The address must start with ws:// or wss://"));
  screenshot (fixture, "welcome-error");
  url = g_settings_get_string (fixture->settings, "url");
  g_assert_cmpstr (url, ==, "");

  g_clear_pointer (&url, g_free);
  url = uplink_reference_server_get_url (fixture->server);
  uplink_welcome_set_url (welcome, url);
  g_assert_true (uplink_welcome_submit (welcome));
  WAIT_FOR (in_state (fixture, UPLINK_STATE_CONNECTED));
  g_assert_cmpstr (uplink_window_get_page (fixture->window), ==, "status");
  fixture_tear_down (fixture, data);
}

static void
test_states (Fixture       *fixture,
             gconstpointer  data)
{
  static const char * const features[] = { "typing", "presence", NULL };
  g_autofree char *url = NULL;
  g_autofree char *secret_url = NULL;

  fixture->application = shared_application;
  fixture->window_application = shared_window_application;
  fixture_set_up (fixture, data);
  url = uplink_reference_server_get_url (fixture->server);
  secret_url = g_strconcat (url, "?token=s3cret", NULL);
  g_settings_set_string (fixture->settings, "url", secret_url);

  WAIT_FOR (in_state (fixture, UPLINK_STATE_CONNECTED));
  assert_shows_state (fixture);
  g_assert_false (find_label (GTK_WIDGET (fixture->window), secret_url));
  g_assert_false (reconnect_is_suggested (fixture));
  assert_fits_narrow_screens (fixture);
  screenshot (fixture, "connected");

  /* Settings apply to the running connection at once. */
  g_assert_cmpuint (uplink_connection_get_backoff_max (connection (fixture)), ==, 1000);
  g_settings_set_uint (fixture->settings, "keepalive-interval", 7);
  g_settings_set_uint (fixture->settings, "pong-timeout", 3);
  g_assert_cmpuint (uplink_connection_get_keepalive_interval (connection (fixture)), ==, 7);
  g_assert_cmpuint (uplink_connection_get_pong_timeout (connection (fixture)), ==, 3);
  g_settings_reset (fixture->settings, "keepalive-interval");
  g_settings_reset (fixture->settings, "pong-timeout");

  uplink_reference_server_throttle (fixture->server, features, 60, "busy");
  WAIT_FOR (in_state (fixture, UPLINK_STATE_FEATURE_THROTTLED));
  assert_shows_state (fixture);
  {
    /* The server's retry_after of 60 s, as a time of day. */
    g_autoptr(GDateTime) until =
      g_date_time_new_from_unix_local (uplink_connection_get_throttled_until (connection (fixture)) / G_USEC_PER_SEC);
    g_autofree char *clock = g_date_time_format (until, "%H:%M");
    g_autofree char *expected =
      g_strdup_printf ("Some features are paused: typing indicators, presence. The server says: “busy”. Until %s.",
                       clock);

    g_assert_cmpint (uplink_connection_get_throttled_until (connection (fixture)), >,
                     g_get_real_time () + 50 * G_USEC_PER_SEC);
    WAIT_FOR (find_label (GTK_WIDGET (fixture->window), expected));
  }
  g_assert_false (reconnect_is_suggested (fixture));
  screenshot (fixture, "throttled");

  /* A 1 MB feature name (the frame stays under the 1 MiB limit) and a
   * long reason, with markup and control characters: cut and cleaned,
   * and the window keeps its size. */
  {
    g_autofree char *huge = g_strnfill (1000000, 'x');
    g_autofree char *reason = g_strnfill (10000, 'y');
    const char *huge_features[] = { huge, NULL };
    int width = gtk_widget_get_width (GTK_WIDGET (fixture->window));

    memcpy (huge, "<b>\a", 4);
    memcpy (reason, "<i>\n", 4);
    uplink_reference_server_throttle (fixture->server, huge_features, 60, reason);
    WAIT_FOR (g_strv_contains (uplink_connection_get_throttled_features (connection (fixture)), huge) &&
              g_strv_contains (uplink_status_source_get_throttled_features (shown (fixture)), huge));
    wait_for_frames (fixture);
    g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->window)), ==, width);
    assert_fits_narrow_screens (fixture);
    screenshot (fixture, "huge-feature");
  }

  uplink_reference_server_unthrottle (fixture->server);
  WAIT_FOR (in_state (fixture, UPLINK_STATE_CONNECTED));

  /* Refused with Retry-After: disconnected, with a countdown and an error. */
  uplink_reference_server_reject (fixture->server, 503, 1000, "30");
  uplink_reference_server_drop (fixture->server, 1001);
  WAIT_FOR (in_state (fixture, UPLINK_STATE_DISCONNECTED) &&
            uplink_connection_get_last_error (connection (fixture)) != NULL &&
            uplink_connection_get_next_retry (connection (fixture)) != 0 &&
            uplink_status_source_get_last_error (shown (fixture)) != NULL &&
            uplink_status_source_get_next_retry (shown (fixture)) != 0);
  assert_shows_state (fixture);
  {
    g_autofree char *retry = uplink_describe_retry (shown (fixture));
    /* The countdown may tick between the two reads; the error cannot. */
    g_assert_nonnull (retry);
    g_autofree char *hint = uplink_describe_hint (shown (fixture));

    g_assert_cmpstr (uplink_status_source_get_last_error (shown (fixture))->message, ==,
                     uplink_connection_get_last_error (connection (fixture))->message);
    g_assert_true (find_label (GTK_WIDGET (fixture->window),
                               uplink_connection_get_last_error (connection (fixture))->message));
    g_assert_nonnull (hint);
    g_assert_true (find_label (GTK_WIDGET (fixture->window), hint));
    g_assert_true (find_label (GTK_WIDGET (fixture->window), "Outage"));
    g_assert_true (reconnect_is_suggested (fixture));
  }
  screenshot (fixture, "disconnected");
  assert_event_log (fixture);
  uplink_reference_server_reject (fixture->server, 503, 0, NULL);

  /* Paused by the user. */
  g_action_group_change_action_state (G_ACTION_GROUP (fixture->application), "pause",
                                      g_variant_new_boolean (TRUE));
  WAIT_FOR (!uplink_connection_get_running (connection (fixture)) &&
            !uplink_status_source_get_running (shown (fixture)));
  assert_shows_state (fixture);
  g_assert_true (find_label (GTK_WIDGET (fixture->window), "Paused"));
  g_assert_true (find_label (GTK_WIDGET (fixture->window), "Paused Since"));
  g_assert_false (reconnect_is_suggested (fixture));
  g_assert_true (find_label (GTK_WIDGET (fixture->window), "_Resume Monitoring") ||
                 find_label (GTK_WIDGET (fixture->window), "Resume Monitoring"));
  screenshot (fixture, "paused");
  g_action_group_change_action_state (G_ACTION_GROUP (fixture->application), "pause",
                                      g_variant_new_boolean (FALSE));
  WAIT_FOR (in_state (fixture, UPLINK_STATE_CONNECTED));

  /* Connecting: a server that accepts TCP and never answers the
   * handshake keeps the attempt going until the connect timeout. */
  {
    g_autoptr(GSocketListener) silent = g_socket_listener_new ();
    g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
    g_autoptr(GSocketAddress) bound = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *silent_url = NULL;

    g_assert_true (g_socket_listener_add_address (silent, address, G_SOCKET_TYPE_STREAM,
                                                  G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error));
    g_assert_no_error (error);
    silent_url = g_strdup_printf ("ws://127.0.0.1:%u/ws",
                                  g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
    g_settings_set_string (fixture->settings, "url", silent_url);
    WAIT_FOR (in_state (fixture, UPLINK_STATE_CONNECTING));
    assert_shows_state (fixture);
    screenshot (fixture, "connecting");
    g_socket_listener_close (silent);
  }

  /* A bad address in the settings: said in words, no crash. */
  g_settings_set_string (fixture->settings, "url", "http://chat.example.com/ws");
  WAIT_FOR (connection (fixture) != NULL &&
            uplink_connection_get_last_error (connection (fixture)) != NULL &&
            g_error_matches (uplink_connection_get_last_error (connection (fixture)),
                             UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_INVALID_URL) &&
            g_error_matches (uplink_status_source_get_last_error (shown (fixture)),
                             UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_INVALID_URL));
  assert_shows_state (fixture);
  screenshot (fixture, "bad-url");

  fixture_tear_down (fixture, data);
}

/* Preferences: the saved address with its secrets hidden, and a bad one
 * refused where it was typed. */
static void
test_preferences_address (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWidget *dialog;
  GtkWidget *row;
  g_autofree char *saved = NULL;

  g_settings_set_string (settings, "url", "wss://user:pa55word@chat.example.com/ws?token=s3cret");
  dialog = uplink_preferences_dialog_new (settings);
  gtk_window_present (GTK_WINDOW (dialog));
  row = find_widget (dialog, is_entry_row, NULL);
  g_assert_nonnull (row);
  g_assert_null (strstr (gtk_editable_get_text (GTK_EDITABLE (row)), "s3cret"));
  g_assert_null (strstr (gtk_editable_get_text (GTK_EDITABLE (row)), "pa55word"));

  /* Applying what is shown never stores the masks. (The service moves
   * the secrets themselves into the keyring, and keeps the rest.) */
  g_signal_emit_by_name (row, "apply");
  saved = g_settings_get_string (settings, "url");
  g_assert_null (strstr (saved, "***"));

  gtk_editable_set_text (GTK_EDITABLE (row), "ws://chat example.com/ws");
  g_signal_emit_by_name (row, "apply");
  g_assert_true (find_label (dialog, "The address cannot contain spaces"));
  g_clear_pointer (&saved, g_free);
  saved = g_settings_get_string (settings, "url");
  g_assert_null (strstr (saved, "chat example.com"));

  g_settings_reset (settings, "url");
  gtk_window_destroy (GTK_WINDOW (dialog));
}


int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  GTestDBus *bus;
  g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));
  int status;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  /* A bus of this test's own, where the service takes its name whatever
   * else runs. GTestDBus unsets DISPLAY, against X11 autolaunch; GTK
   * needs it. The bus stays up until exit (GTestDBus's watcher ends it),
   * as GTK keeps the connection to the end. */
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  /* Screenshots show where a transition ends, not its middle. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  shared_application = uplink_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (shared_application), NULL, &error));
  g_assert_no_error (error);
  /* The service starts up at once: the window reads its Monitor. */
  g_application_hold (G_APPLICATION (shared_application));

  shared_window_application = uplink_window_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (shared_window_application), NULL, &error));
  g_assert_no_error (error);

  g_test_add ("/window/welcome/light", Fixture, "light", NULL, test_welcome, NULL);
  g_test_add ("/window/welcome/dark", Fixture, "dark", NULL, test_welcome, NULL);
  g_test_add ("/window/welcome-bad-url/light", Fixture, "light", NULL, test_welcome_rejects_bad_url, NULL);
  g_test_add ("/window/states/light", Fixture, "light", NULL, test_states, NULL);
  g_test_add ("/window/states/dark", Fixture, "dark", NULL, test_states, NULL);
  g_test_add ("/window/preferences-address", Fixture, "light", NULL, test_preferences_address, NULL);

  status = g_test_run ();

  g_application_release (G_APPLICATION (shared_application));
  g_clear_object (&shared_window_application);
  g_clear_object (&shared_application);

  return status;
}
