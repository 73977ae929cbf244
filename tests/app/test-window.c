/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>
#include <uplink.h>

#include "uplink-app-utils.h"
#include "uplink-application.h"
#include "uplink-monitor-source.h"
#include "uplink-preferences-dialog.h"
#include "uplink-reference-server.h"
#include "uplink-server-editor.h"
#include "uplink-test-peer.h"
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
wait_for_widget_frames (GtkWidget *widget)
{
  GdkFrameClock *clock;
  guint frames = 0;
  gulong id;

  WAIT_FOR (gtk_widget_get_mapped (widget));
  clock = gtk_widget_get_frame_clock (widget);
  g_assert_nonnull (clock);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_frame), &frames);
  gtk_widget_queue_draw (widget);
  WAIT_FOR (frames >= 1);
  gtk_widget_queue_draw (widget);
  WAIT_FOR (frames >= 2);
  g_signal_handler_disconnect (clock, id);
}

static void
wait_for_frames (Fixture *fixture)
{
  wait_for_widget_frames (GTK_WIDGET (fixture->window));
}

static void
screenshot_widget (Fixture    *fixture,
                   GtkWidget  *widget,
                   const char *name)
{
  const char *dir = g_getenv ("UPLINK_TEST_OUTPUT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  int width, height;

  wait_for_widget_frames (widget);
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

static void
screenshot (Fixture    *fixture,
            const char *name)
{
  screenshot_widget (fixture, GTK_WIDGET (fixture->window), name);
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
  /* Each test starts without servers (what earlier tests added is only
   * taken out of the list). */
  g_settings_reset (fixture->settings, "servers");
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
  /* The first server's page, whatever the test opened. */
  uplink_window_application_show_object (fixture->window_application, APP_OBJECT_PATH);
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

/* --- several servers ------------------------------------------------------ */

static UplinkBusServers *
admin (Fixture *fixture)
{
  WAIT_FOR (uplink_window_application_get_admin (fixture->window_application) != NULL);
  return uplink_window_application_get_admin (fixture->window_application);
}

static void
on_called (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Through the service's D-Bus interface, as Preferences do (the service
 * answers in this process, so the call cannot block). */
static char *
add_server (Fixture    *fixture,
            const char *name,
            const char *url)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *id = NULL;

  uplink_bus_servers_call_add_server (admin (fixture), name, url, "", NULL, on_called, &result);
  WAIT_FOR (result != NULL);
  g_assert_true (uplink_bus_servers_call_add_server_finish (admin (fixture), &id, result, &error));
  g_assert_no_error (error);
  return id;
}

/* The window's view of the server named @name, or NULL. */
static UplinkMonitorSource *
server_source (Fixture    *fixture,
               const char *name)
{
  GListModel *servers = uplink_window_application_get_servers (fixture->window_application);

  for (guint i = 0; i < g_list_model_get_n_items (servers); i++)
    {
      g_autoptr(UplinkMonitorSource) source = g_list_model_get_item (servers, i);

      if (g_strcmp0 (uplink_monitor_source_get_name (source), name) == 0)
        return source;
    }
  return NULL;
}

static gboolean
server_in_state (Fixture     *fixture,
                 const char  *name,
                 UplinkState  state)
{
  UplinkMonitorSource *source = server_source (fixture, name);

  return source != NULL && uplink_status_source_get_state (UPLINK_STATUS_SOURCE (source)) == state;
}

static gboolean
is_named (GtkWidget     *widget,
          gconstpointer  name)
{
  return g_strcmp0 (gtk_widget_get_name (widget), name) == 0;
}

/* The rows' titles, top to bottom, joined with commas. */
static char *
row_names (Fixture *fixture)
{
  GtkWidget *list = find_widget (GTK_WIDGET (fixture->window), is_named, "server-list");
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) joined = NULL;

  g_assert_nonnull (list);
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_ACTION_ROW (row))
      g_strv_builder_add (names, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
  joined = g_strv_builder_end (names);
  return g_strjoinv (",", joined);
}

static gboolean
rows_are (Fixture    *fixture,
          const char *expected)
{
  g_autofree char *names = row_names (fixture);

  return g_str_equal (names, expected);
}

static GtkWidget *
find_row (Fixture    *fixture,
          const char *name)
{
  GtkWidget *list = find_widget (GTK_WIDGET (fixture->window), is_named, "server-list");

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_ACTION_ROW (row) &&
        g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), name) == 0)
      return row;
  return NULL;
}

static const char *
shown_path (Fixture *fixture)
{
  return uplink_monitor_source_get_object_path (uplink_window_application_get_shown (fixture->window_application));
}

/* The window at a phone's width, for a screenshot. */
static void
set_narrow (Fixture  *fixture,
            gboolean  narrow)
{
  int before = gtk_widget_get_width (GTK_WIDGET (fixture->window));

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), narrow ? 360 : 520, narrow ? 720 : 760);
  WAIT_FOR ((wait_for_frames (fixture), gtk_widget_get_width (GTK_WIDGET (fixture->window)) != before));
  g_test_message ("window width: %d px", gtk_widget_get_width (GTK_WIDGET (fixture->window)));
}

/* Runs the window's shortcut for @accelerator ("Escape", "<Alt>Left"),
 * as pressing the keys would. */
static void
press_shortcut (Fixture    *fixture,
                const char *accelerator)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (fixture->window));
  g_autoptr(GtkShortcutTrigger) wanted = gtk_shortcut_trigger_parse_string (accelerator);

  g_assert_nonnull (wanted);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted))
            {
              g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0,
                                                           GTK_WIDGET (fixture->window), NULL));
              return;
            }
        }
    }
  g_error ("No shortcut for %s", accelerator);
}

static void
test_servers (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(UplinkReferenceServer) bravo = uplink_reference_server_new (NULL);
  g_autoptr(UplinkReferenceServer) charlie = uplink_reference_server_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *alpha_url = NULL, *bravo_url = NULL, *charlie_url = NULL;
  g_autofree char *alpha_id = NULL, *bravo_id = NULL, *charlie_id = NULL;
  g_autofree char *alpha_path = NULL, *bravo_path = NULL;
  guint charlie_handshakes, alpha_handshakes;

  fixture->application = shared_application;
  fixture->window_application = shared_window_application;
  fixture_set_up (fixture, data);
  g_assert_true (uplink_reference_server_listen (bravo, "127.0.0.1", 0, &error));
  g_assert_true (uplink_reference_server_listen (charlie, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  alpha_url = uplink_reference_server_get_url (fixture->server);
  bravo_url = uplink_reference_server_get_url (bravo);
  charlie_url = uplink_reference_server_get_url (charlie);

  /* Three servers: the list, each up, in the order of their names. */
  alpha_id = add_server (fixture, "Alpha", alpha_url);
  bravo_id = add_server (fixture, "Bravo", bravo_url);
  charlie_id = add_server (fixture, "Charlie", charlie_url);
  alpha_path = g_strconcat (APP_OBJECT_PATH "/servers/", alpha_id, NULL);
  bravo_path = g_strconcat (APP_OBJECT_PATH "/servers/", bravo_id, NULL);
  WAIT_FOR (server_in_state (fixture, "Alpha", UPLINK_STATE_CONNECTED) &&
            server_in_state (fixture, "Bravo", UPLINK_STATE_CONNECTED) &&
            server_in_state (fixture, "Charlie", UPLINK_STATE_CONNECTED));
  g_assert_cmpstr (uplink_window_get_page (fixture->window), ==, "servers");
  WAIT_FOR (rows_are (fixture, "Alpha,Bravo,Charlie"));
  {
    g_autofree char *sentence = uplink_describe_status (UPLINK_STATUS_SOURCE (server_source (fixture, "Alpha")));

    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (find_row (fixture, "Alpha"))), ==, sentence);
  }
  assert_fits_narrow_screens (fixture);
  screenshot (fixture, "servers");

  /* Bravo goes down: it comes first, with its outage. */
  uplink_reference_server_reject (bravo, 503, 0, NULL);
  uplink_reference_server_drop (bravo, 1001);
  WAIT_FOR (server_in_state (fixture, "Bravo", UPLINK_STATE_DISCONNECTED) &&
            rows_are (fixture, "Bravo,Alpha,Charlie"));
  {
    UplinkStatusSource *source = UPLINK_STATUS_SOURCE (server_source (fixture, "Bravo"));
    g_autofree char *status = NULL;
    g_autofree char *sentence = NULL;

    /* The outage first, then the sentence. */
    WAIT_FOR ((g_free (status), status = uplink_describe_status (source),
               g_free (sentence), sentence = g_strconcat ("Outage: under a minute\n", status, NULL),
               g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (find_row (fixture, "Bravo"))), sentence) == 0));
  }
  set_narrow (fixture, TRUE);
  screenshot (fixture, "servers-narrow");
  set_narrow (fixture, FALSE);

  /* A row opens that server's page; Back returns to the list. */
  g_signal_emit_by_name (find_widget (GTK_WIDGET (fixture->window), is_named, "server-list"),
                         "row-activated", find_row (fixture, "Alpha"));
  g_assert_cmpstr (shown_path (fixture), ==, alpha_path);
  WAIT_FOR (uplink_monitor_source_get_ready (UPLINK_MONITOR_SOURCE (shown (fixture))) &&
            uplink_status_source_get_state (shown (fixture)) == UPLINK_STATE_CONNECTED);
  assert_shows_state (fixture);
  g_assert_true (find_label (GTK_WIDGET (fixture->window), "Alpha"));
  screenshot (fixture, "server-page");

  /* Pause and Reconnect there act on that server alone. */
  charlie_handshakes = uplink_reference_server_get_handshakes (charlie);
  alpha_handshakes = uplink_reference_server_get_handshakes (fixture->server);
  g_action_group_change_action_state (G_ACTION_GROUP (fixture->window_application), "pause",
                                      g_variant_new_boolean (TRUE));
  WAIT_FOR (!uplink_status_source_get_running (shown (fixture)));
  g_assert_true (uplink_status_source_get_running (UPLINK_STATUS_SOURCE (server_source (fixture, "Charlie"))));
  g_action_group_activate_action (G_ACTION_GROUP (fixture->window_application), "reconnect", NULL);
  WAIT_FOR (uplink_status_source_get_state (shown (fixture)) == UPLINK_STATE_CONNECTED &&
            uplink_reference_server_get_handshakes (fixture->server) > alpha_handshakes);
  g_assert_cmpuint (uplink_reference_server_get_handshakes (charlie), ==, charlie_handshakes);

  /* Back with Escape, as with Alt+Left or the button. */
  press_shortcut (fixture, "Escape");
  g_assert_cmpstr (shown_path (fixture), ==, APP_OBJECT_PATH);
  g_assert_cmpstr (uplink_window_get_page (fixture->window), ==, "servers");
  gtk_widget_activate (find_row (fixture, "Charlie"));
  g_assert_cmpstr (uplink_window_get_page (fixture->window), ==, "status");
  press_shortcut (fixture, "<Alt>Left");
  g_assert_cmpstr (uplink_window_get_page (fixture->window), ==, "servers");
  /* Rows are reached with Tab and the arrows, and open with Enter. */
  for (GtkWidget *row = find_row (fixture, "Bravo"); row != NULL; row = gtk_widget_get_next_sibling (row))
    g_assert_true (gtk_widget_get_focusable (row) && gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)));

  /* `uplink-window --object-path`, as the tray's line for a server runs
   * it, switches the open window to that server's page. */
  {
    const char *argv[] = { g_getenv ("UPLINK_WINDOW"), "--object-path", bravo_path, NULL };
    g_autoptr(GSubprocess) window = NULL;
    g_autoptr(GAsyncResult) result = NULL;

    g_assert_nonnull (argv[0]);
    window = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_NONE, &error);
    g_assert_no_error (error);
    g_subprocess_wait_check_async (window, NULL, on_called, &result);
    WAIT_FOR (result != NULL && g_strcmp0 (shown_path (fixture), bravo_path) == 0);
    g_assert_true (g_subprocess_wait_check_finish (window, result, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (uplink_window_get_page (fixture->window), ==, "status");
  }

  /* A server removed while its page shows: back to the list. */
  {
    g_autoptr(GAsyncResult) result = NULL;

    uplink_bus_servers_call_remove_server (admin (fixture), bravo_id, NULL, on_called, &result);
    WAIT_FOR (result != NULL);
    g_assert_true (uplink_bus_servers_call_remove_server_finish (admin (fixture), result, &error));
    g_assert_no_error (error);
    WAIT_FOR (rows_are (fixture, "Alpha,Charlie") && g_strcmp0 (shown_path (fixture), APP_OBJECT_PATH) == 0);
    g_assert_cmpstr (uplink_window_get_page (fixture->window), ==, "servers");
  }

  fixture_tear_down (fixture, data);
}

/* --- Preferences ------------------------------------------------------------ */

#define SECRET_TOKEN "s3cr3t-t0ken-4711"
#define SECRET_PASSWORD "pa55-w0rd-0815"

/* No label, field or row of any window shows @secret; the password
 * field's own text excepted, which is what it is for. */
static void
assert_not_shown (GtkWidget  *widget,
                  const char *secret)
{
  const char *text = NULL;

  if (GTK_IS_LABEL (widget))
    text = gtk_label_get_text (GTK_LABEL (widget));
  else if (GTK_IS_EDITABLE (widget) && gtk_widget_get_ancestor (widget, ADW_TYPE_PASSWORD_ENTRY_ROW) == NULL)
    text = gtk_editable_get_text (GTK_EDITABLE (widget));
  if (text != NULL && strstr (text, secret) != NULL)
    g_error ("A %s shows a secret: %s", G_OBJECT_TYPE_NAME (widget), text);
  if (gtk_widget_get_tooltip_text (widget) != NULL)
    g_assert_null (strstr (gtk_widget_get_tooltip_text (widget), secret));

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    assert_not_shown (child, secret);
}

static void
assert_not_in_windows (const char *secret)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    assert_not_shown (l->data, secret);
}

static void
assert_not_in_settings (GSettings  *settings,
                        const char *secret)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GVariant) value = g_settings_get_value (settings, keys[i]);
      g_autofree char *printed = g_variant_print (value, FALSE);

      g_assert_null (strstr (printed, secret));
    }
}

/* Not in the settings: the application's, and every server's. */
static void
assert_not_stored (Fixture    *fixture,
                   const char *secret)
{
  g_auto(GStrv) ids = g_settings_get_strv (fixture->settings, "servers");

  assert_not_in_settings (fixture->settings, secret);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(GSettings) settings = uplink_app_server_settings_new (ids[i]);

      assert_not_in_settings (settings, secret);
    }
}

/* Nor in any property of the service's objects: the root's two
 * interfaces and every server's Monitor. */
static void
assert_not_in_properties (GDBusConnection *bus,
                          const char      *object_path,
                          const char      *interface,
                          const char      *secret)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *printed = NULL;

  g_dbus_connection_call (bus, APP_ID, object_path, "org.freedesktop.DBus.Properties", "GetAll",
                          g_variant_new ("(s)", interface), G_VARIANT_TYPE ("(a{sv})"),
                          G_DBUS_CALL_FLAGS_NONE, -1, NULL, on_called, &result);
  WAIT_FOR (result != NULL);
  reply = g_dbus_connection_call_finish (bus, result, &error);
  g_assert_no_error (error);
  printed = g_variant_print (reply, FALSE);
  /* Read, so that the search means something. */
  g_assert_nonnull (strstr (printed, g_str_has_suffix (interface, "Monitor") ? "Status" : "KeyringAvailable"));
  g_assert_null (strstr (printed, secret));
}

static void
assert_not_on_bus (Fixture    *fixture,
                   const char *secret)
{
  GDBusConnection *bus = g_application_get_dbus_connection (G_APPLICATION (fixture->window_application));
  GListModel *servers = uplink_window_application_get_servers (fixture->window_application);

  assert_not_in_properties (bus, APP_OBJECT_PATH, "io.github.uplink.Uplink.Monitor", secret);
  assert_not_in_properties (bus, APP_OBJECT_PATH, "io.github.uplink.Uplink.Servers", secret);
  g_assert_cmpuint (g_list_model_get_n_items (servers), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (servers); i++)
    {
      g_autoptr(UplinkMonitorSource) source = g_list_model_get_item (servers, i);

      assert_not_in_properties (bus, uplink_monitor_source_get_object_path (source),
                                "io.github.uplink.Uplink.Monitor", secret);
    }
}

/* The first open window of @type, or NULL. */
static GtkWidget *
find_window (GType type)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
      return l->data;
  return NULL;
}

static GtkWidget *
open_preferences (Fixture *fixture)
{
  g_action_group_activate_action (G_ACTION_GROUP (fixture->window_application), "preferences", NULL);
  g_assert_nonnull (find_window (UPLINK_TYPE_PREFERENCES_DIALOG));
  return find_window (UPLINK_TYPE_PREFERENCES_DIALOG);
}

static gboolean
is_server_editor (GtkWidget     *widget,
                  gconstpointer  data)
{
  return UPLINK_IS_SERVER_EDITOR (widget) && gtk_widget_get_mapped (widget);
}

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0 &&
         gtk_widget_is_drawable (widget);
}

static gboolean
is_row_titled (GtkWidget     *widget,
               gconstpointer  title)
{
  return ADW_IS_PREFERENCES_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

/* The switch of the row titled @title. */
static gboolean
is_switch_of (GtkWidget     *widget,
              gconstpointer  title)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_ROW);

  return GTK_IS_SWITCH (widget) && row != NULL &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title) == 0;
}

static void
click (GtkWidget  *root,
       const char *label)
{
  GtkWidget *button = find_widget (root, is_button_labelled, label);

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
}

static void
type_into (GtkWidget  *root,
           const char *title,
           const char *text)
{
  GtkWidget *row = find_widget (root, is_row_titled, title);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

/* The editor of a new server, filled in and sent. */
static GtkWidget *
add_in_preferences (Fixture    *fixture,
                    GtkWidget  *preferences,
                    const char *name,
                    const char *url,
                    const char *password)
{
  GtkWidget *editor;

  click (preferences, "_Add…");
  WAIT_FOR ((editor = find_widget (preferences, is_server_editor, NULL)) != NULL);
  type_into (editor, "Name", name);
  type_into (editor, "Address (ws:// or wss://)", url);
  type_into (editor, "Password or Token", password);
  click (editor, "_Add Server");
  return editor;
}

static gboolean
has_server_named (Fixture    *fixture,
                  const char *name)
{
  return server_source (fixture, name) != NULL;
}

static void
test_preferences_servers (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(UplinkTestPeer) peer = uplink_test_peer_new ();
  g_autofree char *url = NULL;
  g_autofree char *stored = NULL;
  g_autoptr(GSettings) server_settings = NULL;
  g_auto(GStrv) ids = NULL;
  GtkWidget *preferences, *editor;

  fixture->application = shared_application;
  fixture->window_application = shared_window_application;
  fixture_set_up (fixture, data);
  url = uplink_test_peer_url (peer, "/socket.io/?EIO=4&transport=websocket&token=" SECRET_TOKEN);

  /* A server with a token in its address and a password: both reach the
   * server (the handshake's query, socket.io's auth packet). */
  g_assert_nonnull (admin (fixture));
  preferences = open_preferences (fixture);
  editor = add_in_preferences (fixture, preferences, "Work chat", url, SECRET_PASSWORD);
  g_assert_true (find_label (editor, "New Server"));
  screenshot_widget (fixture, preferences, "preferences-add");
  WAIT_FOR (has_server_named (fixture, "Work chat"));
  WAIT_FOR (find_widget (preferences, is_server_editor, NULL) == NULL);
  WAIT_FOR (uplink_test_peer_saw (peer, "token=" SECRET_TOKEN));
  WAIT_FOR (uplink_test_peer_saw (peer, "40{\"token\":\"" SECRET_PASSWORD "\"}"));
  WAIT_FOR (server_in_state (fixture, "Work chat", UPLINK_STATE_CONNECTED));
  WAIT_FOR (find_label (preferences, "Work chat"));

  /* …and neither is stored, published or shown anywhere. */
  ids = g_settings_get_strv (fixture->settings, "servers");
  g_assert_cmpuint (g_strv_length (ids), ==, 1);
  server_settings = uplink_app_server_settings_new (ids[0]);
  WAIT_FOR ((g_free (stored), stored = g_settings_get_string (server_settings, "url"),
             g_str_has_suffix (stored, "transport=websocket")));
  assert_not_stored (fixture, SECRET_TOKEN);
  assert_not_stored (fixture, SECRET_PASSWORD);
  assert_not_on_bus (fixture, SECRET_TOKEN);
  assert_not_on_bus (fixture, SECRET_PASSWORD);

  /* This test's bus has no Secret Service: Preferences say so. */
  WAIT_FOR (!uplink_bus_servers_get_keyring_available (admin (fixture)));
  WAIT_FOR (find_label (preferences, "No keyring is available: the password is kept only until Uplink quits"));
  gtk_widget_activate (find_widget (preferences, is_row_titled, "Work chat"));
  WAIT_FOR ((editor = find_widget (preferences, is_server_editor, NULL)) != NULL);
  g_assert_true (find_label (editor, "No keyring is available: the password is kept only until Uplink quits"));
  screenshot_widget (fixture, preferences, "preferences-server");
  assert_not_in_windows (SECRET_TOKEN);
  assert_not_in_windows (SECRET_PASSWORD);

  /* A second name like the first: said under the name, nothing added,
   * what was typed kept. */
  gtk_widget_activate_action (editor, "editor.close", NULL);
  WAIT_FOR (find_widget (preferences, is_server_editor, NULL) == NULL);
  editor = add_in_preferences (fixture, preferences, "work chat ", url, "");
  WAIT_FOR (find_label (editor, "There is a server named “work chat” already: choose another name"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_widget (editor, is_row_titled, "Name"))), ==,
                   "work chat ");
  screenshot_widget (fixture, preferences, "preferences-duplicate");
  g_clear_pointer (&ids, g_strfreev);
  ids = g_settings_get_strv (fixture->settings, "servers");
  g_assert_cmpuint (g_strv_length (ids), ==, 1);

  /* An empty name: the same. */
  type_into (editor, "Name", "  ");
  click (editor, "_Add Server");
  WAIT_FOR (find_label (editor, "Enter a name for the server"));
  gtk_widget_activate_action (editor, "editor.close", NULL);
  WAIT_FOR (find_widget (preferences, is_server_editor, NULL) == NULL);
  screenshot_widget (fixture, preferences, "preferences");

  /* Renamed, and a new password, each applied on its own; the password
   * leaves the field once the service has it. */
  gtk_widget_activate (find_widget (preferences, is_row_titled, "Work chat"));
  WAIT_FOR ((editor = find_widget (preferences, is_server_editor, NULL)) != NULL);
  type_into (editor, "Name", "Home");
  g_signal_emit_by_name (find_widget (editor, is_row_titled, "Name"), "apply");
  WAIT_FOR (has_server_named (fixture, "Home") && find_label (preferences, "Home"));
  type_into (editor, "Password or Token", "n3w-" SECRET_PASSWORD);
  g_signal_emit_by_name (find_widget (editor, is_row_titled, "Password or Token"), "apply");
  WAIT_FOR (uplink_test_peer_saw (peer, "40{\"token\":\"n3w-" SECRET_PASSWORD "\"}"));
  WAIT_FOR (*gtk_editable_get_text (GTK_EDITABLE (find_widget (editor, is_row_titled, "Password or Token"))) == '\0');
  assert_not_stored (fixture, SECRET_PASSWORD);
  assert_not_in_windows (SECRET_PASSWORD);
  /* Not watched: off the service's watch, kept in the list. */
  gtk_switch_set_active (GTK_SWITCH (find_widget (editor, is_switch_of, "Watch This Server")), FALSE);
  WAIT_FOR (!uplink_status_source_get_running (UPLINK_STATUS_SOURCE (server_source (fixture, "Home"))));
  gtk_widget_activate_action (editor, "editor.close", NULL);
  WAIT_FOR (find_label (preferences, "Not watched"));

  /* Removed, once confirmed: out of the list, off the bus. */
  gtk_widget_activate (find_widget (preferences, is_row_titled, "Home"));
  WAIT_FOR ((editor = find_widget (preferences, is_server_editor, NULL)) != NULL);
  click (editor, "_Remove Server…");
  {
    GtkWidget *dialog;

    WAIT_FOR ((dialog = find_window (ADW_TYPE_MESSAGE_DIALOG)) != NULL);
    screenshot_widget (fixture, dialog, "preferences-remove");
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "remove");
  }
  WAIT_FOR (!has_server_named (fixture, "Home") && find_widget (preferences, is_server_editor, NULL) == NULL);
  g_clear_pointer (&ids, g_strfreev);
  ids = g_settings_get_strv (fixture->settings, "servers");
  g_assert_cmpuint (g_strv_length (ids), ==, 0);
  g_assert_false (find_label (preferences, "Home"));

  gtk_window_destroy (GTK_WINDOW (preferences));
  fixture_tear_down (fixture, data);
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
  g_test_add ("/window/servers/light", Fixture, "light", NULL, test_servers, NULL);
  g_test_add ("/window/preferences-servers/light", Fixture, "light", NULL, test_preferences_servers, NULL);

  status = g_test_run ();

  g_application_release (G_APPLICATION (shared_application));
  g_clear_object (&shared_window_application);
  g_clear_object (&shared_application);

  return status;
}
