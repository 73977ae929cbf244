/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <uplink-gtk.h>

#include "uplink-test-utils.h"
#include "uplink-test-gtk.h"
#include "uplink-history-private.h"
#include "uplink-indicator-private.h"
#include "uplink-timeline-private.h"

typedef struct
{
  UplinkTestFixture net;
  GtkWidget *window;
  GtkWidget *indicator;
  GtkWidget *timeline;
} Fixture;

static void
save_png (GtkWidget  *widget,
          const char *name)
{
  const char *dir = g_getenv ("UPLINK_TEST_OUTPUT");
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;

  if (dir == NULL || width <= 0 || height <= 0)
    return;

  g_mkdir_with_parents (dir, 0755);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  /* A surface just shown (the popover) may have nothing drawn yet on a
   * busy machine: wait for its next frames, a bounded number of them. */
  for (guint i = 0; node == NULL && i < 50; i++)
    {
      uplink_test_wait_for_frame (widget);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static void
set_dark (gboolean dark)
{
  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", dark, NULL);
}

/* The indicator, the timeline and the popover, in light and dark. */
static void
save_all (Fixture    *fixture,
          const char *state)
{
  GtkWidget *popover;

  uplink_indicator_popup (UPLINK_INDICATOR (fixture->indicator));
  popover = gtk_widget_get_last_child (fixture->indicator);
  for (int dark = 0; dark <= 1; dark++)
    {
      const char *style = dark ? "dark" : "light";
      g_autofree char *window = g_strdup_printf ("window-%s-%s.png", state, style);
      g_autofree char *indicator = g_strdup_printf ("indicator-%s-%s.png", state, style);
      g_autofree char *timeline = g_strdup_printf ("timeline-%s-%s.png", state, style);
      g_autofree char *status = g_strdup_printf ("status-popover-%s-%s.png", state, style);

      set_dark (dark);
      uplink_test_wait_for_frame (popover);
      uplink_test_wait_for_frame (fixture->window);
      save_png (fixture->window, window);
      save_png (fixture->indicator, indicator);
      save_png (fixture->timeline, timeline);
      save_png (popover, status);
    }
  set_dark (FALSE);
  uplink_indicator_popdown (UPLINK_INDICATOR (fixture->indicator));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  uplink_test_fixture_set_up (&fixture->net, data);

  fixture->indicator = uplink_indicator_new (fixture->net.connection);
  uplink_indicator_set_show_label (UPLINK_INDICATOR (fixture->indicator), TRUE);
  gtk_widget_set_halign (fixture->indicator, GTK_ALIGN_START);
  fixture->timeline = uplink_timeline_new (uplink_connection_get_history (fixture->net.connection));
  uplink_timeline_set_window (UPLINK_TIMELINE (fixture->timeline), 60 * G_TIME_SPAN_SECOND);

  gtk_box_append (GTK_BOX (box), fixture->indicator);
  gtk_box_append (GTK_BOX (box), fixture->timeline);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 300);
  gtk_window_set_child (GTK_WINDOW (fixture->window), box);
  gtk_window_present (GTK_WINDOW (fixture->window));
  uplink_test_wait_for_frame (fixture->window);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  uplink_test_fixture_tear_down (&fixture->net, data);
}

static void
assert_indicator (Fixture    *fixture,
                  const char *css_class,
                  const char *label,
                  const char *tooltip_pattern)
{
  static const char * const classes[] = { "connected", "connecting", "disconnected", "throttled", "paused" };
  g_autofree char *icon = g_strdup_printf ("uplink-%s-symbolic", css_class);
  const char *tooltip;
  g_autoptr(GtkTooltip) shown = NULL;

  uplink_test_wait_for_frame (fixture->indicator);

  for (gsize i = 0; i < G_N_ELEMENTS (classes); i++)
    g_assert_cmpint (gtk_widget_has_css_class (fixture->indicator, classes[i]), ==,
                     g_str_equal (classes[i], css_class));
  g_assert_cmpstr (uplink_indicator_get_icon_name (UPLINK_INDICATOR (fixture->indicator)), ==, icon);
  g_assert_true (gtk_icon_theme_has_icon (gtk_icon_theme_get_for_display (gtk_widget_get_display (fixture->indicator)),
                                          icon));
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (fixture->indicator), GTK_ACCESSIBLE_ROLE_BUTTON);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (fixture->indicator),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, label);

  tooltip = gtk_widget_get_tooltip_text (fixture->indicator);
  g_test_message ("tooltip: %s", tooltip);
  g_assert_true (g_pattern_match_simple (tooltip_pattern, tooltip));

  /* Hovering writes the tooltip afresh, once. */
  shown = g_object_new (GTK_TYPE_TOOLTIP, NULL);
  g_assert_true (GTK_WIDGET_GET_CLASS (fixture->indicator)->query_tooltip (fixture->indicator, 1, 1,
                                                                          FALSE, shown));
}

static void
test_indicator_states (Fixture       *fixture,
                       gconstpointer  data)
{
  UplinkConnection *connection = fixture->net.connection;
  g_autofree char *throttle = NULL;
  g_autofree char *drop = NULL;

  /* Not watching is a look of its own, not an outage. */
  assert_indicator (fixture, "paused", "Paused", "Paused*");
  save_all (fixture, "paused");

  /* A stopped server answers nothing: the attempt stays connecting. */
  uplink_test_server_pause (fixture->net.server);
  uplink_connection_start (connection);
  g_assert_true (uplink_test_wait_for_state (connection, UPLINK_STATE_CONNECTING, UPLINK_TEST_TIMEOUT_MS));
  assert_indicator (fixture, "connecting", "Connecting…", "Connecting…*");
  save_all (fixture, "connecting");
  uplink_test_server_resume (fixture->net.server);

  g_assert_true (uplink_test_wait_for_state (connection, UPLINK_STATE_CONNECTED, UPLINK_TEST_TIMEOUT_MS));
  assert_indicator (fixture, "connected", "Connected", "Connected*");
  save_all (fixture, "connected");

  throttle = uplink_test_server_control (fixture->net.server, "/control/throttle",
                                         "{\"features\":[\"typing\",\"presence\"]}");
  g_assert_true (uplink_test_wait_for_state (connection, UPLINK_STATE_FEATURE_THROTTLED,
                                             UPLINK_TEST_TIMEOUT_MS));
  assert_indicator (fixture, "throttled", "Some features paused",
                    "Some features paused*\nPaused: typing indicators, presence");
  save_all (fixture, "throttled");

  /* A long back-off keeps it disconnected while the countdown shows. */
  uplink_connection_set_backoff_initial (connection, 20000);
  uplink_connection_set_backoff_max (connection, 20000);
  drop = uplink_test_server_control (fixture->net.server, "/control/drop?code=1011", "");
  g_assert_true (uplink_test_wait_for_state (connection, UPLINK_STATE_DISCONNECTED, UPLINK_TEST_TIMEOUT_MS));
  assert_indicator (fixture, "disconnected", "Disconnected",
                    "Disconnected since *· next try in * s · attempt *\nThe server closed the connection*");
  save_all (fixture, "disconnected");
}

/* The popover's button for @action, depth first through its widgets. */
static GtkWidget *
find_button (GtkWidget  *popover,
             const char *action)
{
  GtkWidget *button;

  for (button = gtk_widget_get_first_child (popover); button != NULL;)
    {
      if (GTK_IS_BUTTON (button) &&
          g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), action) == 0)
        break;
      if (gtk_widget_get_first_child (button) != NULL)
        button = gtk_widget_get_first_child (button);
      else
        {
          while (button != popover && gtk_widget_get_next_sibling (button) == NULL)
            button = gtk_widget_get_parent (button);
          button = button == popover ? NULL : gtk_widget_get_next_sibling (button);
        }
    }
  g_assert_nonnull (button);
  return button;
}

static void
test_popover_reconnect (Fixture       *fixture,
                        gconstpointer  data)
{
  GtkWidget *popover;
  GtkWidget *button;

  uplink_test_start_connected (fixture->net.connection);
  g_assert_cmpuint (uplink_test_server_stat (fixture->net.server, "handshakes"), ==, 1.5);

  /* Enter on the focused indicator opens the popover, as a click does. */
  g_assert_true (gtk_widget_activate_action (fixture->indicator, "indicator.popup", NULL));
  popover = gtk_widget_get_last_child (fixture->indicator);
  g_assert_true (UPLINK_IS_STATUS_POPOVER (popover));
  uplink_test_wait_for_frame (popover);
  g_assert_true (gtk_widget_get_visible (popover));

  button = find_button (popover, "status.reconnect");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Reconnect _Now");

  g_signal_emit_by_name (button, "clicked");
  g_assert_true (uplink_test_wait_for_state (fixture->net.connection, UPLINK_STATE_CONNECTING,
                                             UPLINK_TEST_TIMEOUT_MS));
  g_assert_true (uplink_test_wait_for_state (fixture->net.connection, UPLINK_STATE_CONNECTED,
                                             UPLINK_TEST_TIMEOUT_MS));
  g_assert_cmpuint (uplink_test_server_stat (fixture->net.server, "handshakes"), ==, 2);

  /* Stop, then start again, from the same popover. */
  g_assert_true (gtk_widget_activate_action (popover, "status.toggle-running", NULL));
  g_assert_false (uplink_connection_get_running (fixture->net.connection));
  g_assert_true (gtk_widget_activate_action (popover, "status.toggle-running", NULL));
  g_assert_true (uplink_test_wait_for_state (fixture->net.connection, UPLINK_STATE_CONNECTED,
                                             UPLINK_TEST_TIMEOUT_MS));
}

/* A client's own connection, mapped into a model, through every state;
 * the widgets look as they do for a connection of Uplink's. */
static void
test_model_states (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(UplinkStatusModel) model = uplink_status_model_new ();
  g_autoptr(GError) error = g_error_new_literal (UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_UNREACHABLE,
                                                 "The XMPP server went away");
  const char *features[] = { "typing", "presence", NULL };
  UplinkHistory *history = uplink_status_source_get_history (UPLINK_STATUS_SOURCE (model));
  GtkWidget *popover;

  uplink_indicator_set_source (UPLINK_INDICATOR (fixture->indicator), UPLINK_STATUS_SOURCE (model));
  uplink_timeline_set_source (UPLINK_TIMELINE (fixture->timeline), UPLINK_STATUS_SOURCE (model));
  g_assert_null (uplink_indicator_get_connection (UPLINK_INDICATOR (fixture->indicator)));
  g_assert_true (uplink_timeline_get_history (UPLINK_TIMELINE (fixture->timeline)) == history);

  assert_indicator (fixture, "disconnected", "Disconnected", "Disconnected*");

  uplink_status_model_set_state (model, UPLINK_STATE_CONNECTING);
  assert_indicator (fixture, "connecting", "Connecting…", "Connecting…*");

  uplink_status_model_set_latency (model, 23000);
  uplink_status_model_set_state (model, UPLINK_STATE_CONNECTED);
  assert_indicator (fixture, "connected", "Connected", "Connected*\nLatency: 23 ms");

  uplink_status_model_set_throttled (model, features);
  assert_indicator (fixture, "throttled", "Some features paused",
                    "Some features paused*\nLatency: 23 ms\nPaused: typing indicators, presence");

  uplink_status_model_report_error (model, error);
  uplink_status_model_set_attempt (model, 1);
  uplink_status_model_set_next_retry (model, g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND);
  uplink_status_model_set_state (model, UPLINK_STATE_DISCONNECTED);
  assert_indicator (fixture, "disconnected", "Disconnected",
                    "Disconnected since * · next try in 2? s · attempt 2\nThe XMPP server went away\n*");
  save_all (fixture, "model-disconnected");
  g_assert_cmpuint (uplink_history_get_n_entries (history), ==, 5);

  /* A model cannot reconnect or pause: the popover shows no buttons. */
  uplink_indicator_popup (UPLINK_INDICATOR (fixture->indicator));
  popover = gtk_widget_get_last_child (fixture->indicator);
  uplink_test_wait_for_frame (popover);
  g_assert_false (gtk_widget_get_visible (find_button (popover, "status.reconnect")));
  g_assert_false (gtk_widget_get_visible (find_button (popover, "status.toggle-running")));
  g_assert_true (uplink_status_popover_get_source (UPLINK_STATUS_POPOVER (popover)) ==
                 UPLINK_STATUS_SOURCE (model));

  /* The connection property still works, and takes over from the model. */
  uplink_indicator_set_connection (UPLINK_INDICATOR (fixture->indicator), fixture->net.connection);
  g_assert_true (uplink_status_popover_get_connection (UPLINK_STATUS_POPOVER (popover)) ==
                 fixture->net.connection);
  assert_indicator (fixture, "paused", "Paused", "Paused*");
  g_assert_true (gtk_widget_get_visible (find_button (popover, "status.reconnect")));
  g_assert_true (gtk_widget_get_visible (find_button (popover, "status.toggle-running")));
  g_signal_emit_by_name (find_button (popover, "status.reconnect"), "clicked");
  g_assert_true (uplink_test_wait_for_state (fixture->net.connection, UPLINK_STATE_CONNECTED,
                                             UPLINK_TEST_TIMEOUT_MS));
  uplink_indicator_popdown (UPLINK_INDICATOR (fixture->indicator));
}

#define MINUTE (60 * G_TIME_SPAN_SECOND)

typedef struct
{
  double x0, x1;
  double height;
  GdkRGBA color;
} Segment;

static void
collect_segments (GskRenderNode *node,
                  GArray        *segments)
{
  switch (gsk_render_node_get_node_type (node))
    {
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        collect_segments (gsk_container_node_get_child (node, i), segments);
      break;
    case GSK_COLOR_NODE:
      {
        graphene_rect_t bounds;
        Segment segment;

        gsk_render_node_get_bounds (node, &bounds);
        segment.x0 = bounds.origin.x;
        segment.x1 = bounds.origin.x + bounds.size.width;
        segment.height = bounds.size.height;
        segment.color = *gsk_color_node_get_color (node);
        g_array_append_val (segments, segment);
      }
      break;
    default:
      break;
    }
}

/* Shows a 600 px timeline of @history, saves it as @png, and returns it
 * with the stretches it draws; destroy the window when done. */
static GtkWidget *
draw_timeline (UplinkHistory *history,
               const char    *png,
               GArray        *segments)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *timeline = uplink_timeline_new (history);

  gtk_widget_set_size_request (timeline, 600, 20);
  gtk_window_set_child (GTK_WINDOW (window), timeline);
  gtk_window_present (GTK_WINDOW (window));
  uplink_test_wait_for_frame (timeline);
  g_assert_cmpint (gtk_widget_get_width (timeline), ==, 600);
  save_png (timeline, png);

  GTK_WIDGET_GET_CLASS (timeline)->snapshot (timeline, snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  collect_segments (node, segments);
  return timeline;
}

static void
test_timeline_segments (void)
{
  g_autoptr(UplinkHistory) history = uplink_history_new (UPLINK_HISTORY_DEFAULT_CAPACITY);
  g_autoptr(GArray) segments = g_array_new (FALSE, FALSE, sizeof (Segment));
  g_autofree char *hover = NULL;
  GtkWidget *timeline;
  gint64 now = g_get_monotonic_time ();
  gint64 wall = g_get_real_time ();
  Segment *s;

  /* An hour ago: connected; half an hour ago a 15-minute outage, then
   * 5 minutes connecting, then connected with features throttled. Older
   * history is off the left edge. */
  uplink_history_add (history, UPLINK_STATE_CONNECTED, now - 90 * MINUTE, wall - 90 * MINUTE);
  uplink_history_add (history, UPLINK_STATE_DISCONNECTED, now - 30 * MINUTE, wall - 30 * MINUTE);
  uplink_history_add (history, UPLINK_STATE_CONNECTING, now - 15 * MINUTE, wall - 15 * MINUTE);
  uplink_history_add (history, UPLINK_STATE_CONNECTED, now - 10 * MINUTE, wall - 10 * MINUTE);
  uplink_history_add (history, UPLINK_STATE_FEATURE_THROTTLED, now - 6 * MINUTE, wall - 6 * MINUTE);

  timeline = draw_timeline (history, "timeline-scripted.png", segments);

  /* 600 px for 60 minutes: 10 px a minute; five stretches, then the line
   * under the outage, from the loss to the next session. */
  g_assert_cmpuint (segments->len, ==, 6);
  s = (Segment *) segments->data;
  g_assert_cmpfloat_with_epsilon (s[0].x0, 0, 1.5);
  g_assert_cmpfloat_with_epsilon (s[0].x1, 300, 1.5);
  g_assert_cmpfloat_with_epsilon (s[1].x1, 450, 1.5);
  g_assert_cmpfloat_with_epsilon (s[2].x1, 500, 1.5);
  g_assert_cmpfloat_with_epsilon (s[3].x1, 540, 1.5);
  g_assert_cmpfloat (s[4].x1, ==, 600);
  for (guint i = 1; i < 5; i++)
    g_assert_cmpfloat (s[i].x0, ==, s[i - 1].x1);
  g_assert_cmpfloat_with_epsilon (s[5].x0, 300, 1.5);
  g_assert_cmpfloat_with_epsilon (s[5].x1, 500, 1.5);
  g_assert_cmpfloat (s[5].height, <, 20);
  g_assert_true (gdk_rgba_equal (&s[5].color, &s[1].color));
  /* Same state, same colour; different states, different colours. */
  g_assert_true (gdk_rgba_equal (&s[0].color, &s[3].color));
  g_assert_false (gdk_rgba_equal (&s[0].color, &s[1].color));
  g_assert_false (gdk_rgba_equal (&s[1].color, &s[2].color));
  g_assert_false (gdk_rgba_equal (&s[3].color, &s[4].color));

  hover = uplink_timeline_describe_at (UPLINK_TIMELINE (timeline), 400);
  g_assert_true (g_str_has_prefix (hover, "Disconnected for 15 minutes, from "));
  g_assert_nonnull (strstr (hover, "\nOutage from "));
  g_assert_nonnull (strstr (hover, " (20 minutes)"));

  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (timeline)));
}

/* A pause by the user is grey and says "Paused", with no outage line;
 * an outage says why. */
static void
test_timeline_pause (void)
{
  g_autoptr(UplinkHistory) history = uplink_history_new (UPLINK_HISTORY_DEFAULT_CAPACITY);
  g_autoptr(GArray) segments = g_array_new (FALSE, FALSE, sizeof (Segment));
  g_autofree char *paused = NULL;
  g_autofree char *outage = NULL;
  GtkWidget *timeline;
  gint64 now = g_get_monotonic_time ();
  gint64 wall = g_get_real_time ();
  Segment *s;

  uplink_history_add (history, UPLINK_STATE_CONNECTED, now - 60 * MINUTE, wall - 60 * MINUTE);
  uplink_history_add_full (history, UPLINK_STATE_DISCONNECTED, now - 40 * MINUTE, wall - 40 * MINUTE,
                           TRUE, NULL);
  uplink_history_add (history, UPLINK_STATE_CONNECTED, now - 20 * MINUTE, wall - 20 * MINUTE);
  uplink_history_add_full (history, UPLINK_STATE_DISCONNECTED, now - 10 * MINUTE, wall - 10 * MINUTE,
                           FALSE, "Could not connect to 127.0.0.1: Connection refused");

  timeline = draw_timeline (history, "timeline-paused.png", segments);

  /* Four stretches and one outage line: the pause has none. */
  g_assert_cmpuint (segments->len, ==, 5);
  s = (Segment *) segments->data;
  g_assert_cmpfloat_with_epsilon (s[4].x0, 500, 1.5);
  g_assert_cmpfloat (s[4].x1, ==, 600);
  /* Grey: neither the outage's colour nor connected's. */
  g_assert_false (gdk_rgba_equal (&s[1].color, &s[3].color));
  g_assert_false (gdk_rgba_equal (&s[1].color, &s[0].color));
  g_assert_cmpfloat_with_epsilon (s[1].color.red, s[1].color.green, 0.05);
  g_assert_cmpfloat_with_epsilon (s[1].color.green, s[1].color.blue, 0.05);

  paused = uplink_timeline_describe_at (UPLINK_TIMELINE (timeline), 300);
  g_assert_true (g_str_has_prefix (paused, "Paused for 20 minutes, from "));
  g_assert_null (strchr (paused, '\n'));
  outage = uplink_timeline_describe_at (UPLINK_TIMELINE (timeline), 550);
  g_assert_true (g_str_has_prefix (outage, "Disconnected for 10 minutes, from "));
  g_assert_true (g_str_has_suffix (outage, " to now (10 minutes): Could not connect to 127.0.0.1: Connection refused"));

  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (timeline)));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  gtk_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/indicator/states", test_indicator_states);
  ADD ("/status-popover/reconnect", test_popover_reconnect);
  ADD ("/indicator/model-states", test_model_states);
  g_test_add_func ("/timeline/segments", test_timeline_segments);
  g_test_add_func ("/timeline/pause", test_timeline_pause);

#undef ADD

  return g_test_run ();
}
