/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <uplink-gtk.h>

#include "uplink-app-utils.h"
#include "uplink-window.h"
#include "uplink-window-application.h"
#include "uplink-welcome.h"
#include "uplink-servers-generated.h"

/*
 * The main window: the indicator, large, with the state as a title and a
 * sentence that explains it; the details; the last hour's timeline; and
 * "Reconnect Now" and "Pause". Every word about the connection comes from
 * uplink_describe_*(), so the window says what the tooltip, the
 * notifications and the command line say.
 *
 * It shows a status source: in Uplink, the service's connection seen
 * through D-Bus (UplinkMonitorSource). Before a server is chosen it shows
 * the welcome page instead. With several servers it lists them, worst
 * first, each row with its indicator, name, state and outage; a row
 * opens the server's page, the same page on that server's object, and
 * Back (Escape, Alt+Left) returns to the list.
 */

struct _UplinkWindow
{
  AdwApplicationWindow parent_instance;

  UplinkStatusSource *source;
  gboolean holding_clock;
  guint minute_source;

  GtkStack *stack;
  GtkButton *back_button;
  GtkListBox *server_list;
  UplinkWelcome *welcome;
  AdwBin *indicator_bin;
  AdwBin *timeline_bin;
  AdwWindowTitle *window_title;
  GtkLabel *title_label;
  GtkLabel *description_label;
  GtkButton *reconnect_button;
  GtkButton *pause_button;
  AdwActionRow *server_row;
  AdwActionRow *since_row;
  AdwActionRow *latency_row;
  AdwActionRow *error_row;
  AdwActionRow *hint_row;
  AdwActionRow *features_row;

  UplinkIndicator *indicator;
  UplinkTimeline *timeline;
};

G_DEFINE_FINAL_TYPE (UplinkWindow, uplink_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SOURCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static UplinkWindowApplication *
get_application (UplinkWindow *self)
{
  return UPLINK_WINDOW_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
}

/* Every row stays, so that nothing jumps between states; a dash stands
 * for what means nothing in the current one. */
static void
set_row (AdwActionRow *row,
         const char   *value)
{
  adw_action_row_set_subtitle (row, value != NULL ? value : "—");
}

static void
set_suggested (GtkWidget *button,
               gboolean   suggested)
{
  if (suggested)
    gtk_widget_add_css_class (button, "suggested-action");
  else
    gtk_widget_remove_css_class (button, "suggested-action");
}

static gboolean
is_up (UplinkStatusSource *source)
{
  UplinkState state = uplink_status_source_get_state (source);

  return state == UPLINK_STATE_CONNECTED || state == UPLINK_STATE_FEATURE_THROTTLED;
}

static char *
describe_since (UplinkStatusSource *source)
{
  gint64 monotonic = 0, wall = 0;
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *clock = NULL;
  g_autofree char *duration = NULL;

  if (!uplink_history_get_latest (uplink_status_source_get_history (source), NULL, &monotonic, &wall))
    return NULL;

  when = g_date_time_new_from_unix_local (wall / G_USEC_PER_SEC);
  clock = g_date_time_format (when, "%X");
  /* Seconds counting up would redraw the window every second while
   * nothing else moves: the duration starts at a minute. */
  if (g_get_monotonic_time () - monotonic < 60 * G_USEC_PER_SEC)
    return g_steal_pointer (&clock);
  duration = uplink_describe_duration (g_get_monotonic_time () - monotonic);
  /* Translators: a time of day, then how long ago ("3 minutes") */
  return g_strdup_printf (_("%s (%s)"), clock, duration);
}

/* The row's title names what "since" means in this state. */
static const char *
since_title (UplinkStatusSource *source)
{
  if (!uplink_status_source_get_running (source))
    return _("Paused Since");
  if (is_up (source))
    return _("Connected Since");
  return _("Outage");
}

/* A server's own page, rather than the root object's (all servers). */
static gboolean
shows_server (UplinkWindow *self)
{
  return UPLINK_IS_MONITOR_SOURCE (self->source) &&
         !g_str_equal (uplink_monitor_source_get_object_path (UPLINK_MONITOR_SOURCE (self->source)),
                       APP_OBJECT_PATH);
}

/* Refreshes everything that depends on time or on the connection. */
static void
update (UplinkWindow *self)
{
  UplinkStatusSource *source = self->source;
  UplinkSourceDetails details;
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  g_autofree char *server = NULL;
  g_autofree char *since = NULL;
  g_autofree char *latency = NULL;
  g_autofree char *hint = NULL;
  g_autofree char *features = NULL;
  const GError *error;
  const char * const *throttled;
  const char *name;
  gboolean running;
  gboolean up;

  if (source == NULL)
    return;

  name = UPLINK_IS_MONITOR_SOURCE (source) ? uplink_monitor_source_get_name (UPLINK_MONITOR_SOURCE (source)) : NULL;
  uplink_status_source_get_details (source, &details);
  title = uplink_describe_title (source);
  description = uplink_describe_status (source);
  server = details.url != NULL ? uplink_redact_url (details.url) : NULL;
  since = uplink_describe_outage (source);
  if (since == NULL)
    since = describe_since (source);
  /* The service's Latency already moves in steps, not at every keepalive. */
  latency = uplink_describe_latency (source);
  hint = uplink_describe_hint (source);
  error = uplink_status_source_get_last_error (source);
  throttled = uplink_status_source_get_throttled_features (source);
  if (throttled != NULL && throttled[0] != NULL)
    features = uplink_describe_features (throttled);
  running = uplink_status_source_get_running (source);
  up = is_up (source);

  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->description_label, description);
  adw_window_title_set_title (self->window_title, shows_server (self) && name != NULL ? name : _("Uplink"));
  /* Never the address as typed: it may hold a password. */
  set_row (self->server_row, server != NULL ? server : _("Not a valid address"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->since_row), since_title (source));
  set_row (self->since_row, since);
  /* A latency only means something while connected. */
  set_row (self->latency_row, !up ? NULL : latency != NULL ? latency : _("Not measured yet"));
  /* What went wrong before a pause is no news during it. */
  set_row (self->error_row, error != NULL && running ? error->message : NULL);
  set_row (self->hint_row, running ? hint : NULL);
  set_row (self->features_row, features);

  /* The suggested action is the one that helps now: reconnecting during
   * an outage, resuming during a pause, neither while connected. */
  set_suggested (GTK_WIDGET (self->reconnect_button), running && !up);
  set_suggested (GTK_WIDGET (self->pause_button), !running);
  gtk_button_set_label (self->pause_button, running ? _("_Pause Monitoring") : _("_Resume Monitoring"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->pause_button),
                               running ? _("Stop watching the connection until you resume")
                                       : _("Watch the connection again"));
}


/* How long a server has been out of reach, for its row: from a minute
 * on, as "since" on its page. */
static char *
describe_outage_length (UplinkMonitorSource *source)
{
  gint64 since = uplink_monitor_source_get_outage_since (source);
  gint64 length = g_get_real_time () - since;
  g_autofree char *duration = NULL;

  if (since == 0 || !uplink_status_source_get_running (UPLINK_STATUS_SOURCE (source)))
    return NULL;
  if (length < 60 * G_USEC_PER_SEC)
    return g_strdup (_("Outage: under a minute"));
  duration = uplink_describe_duration (length);
  /* Translators: how long a server has been out of reach ("3 minutes") */
  return g_strdup_printf (_("Outage: %s"), duration);
}

/* The outage on a line of its own above the sentence, which is what gets
 * cut when the row is narrow. */
static void
update_row (AdwActionRow *row)
{
  UplinkMonitorSource *source = g_object_get_data (G_OBJECT (row), "source");
  const char *name = uplink_monitor_source_get_name (source);
  g_autofree char *status = uplink_describe_status (UPLINK_STATUS_SOURCE (source));
  g_autofree char *length = describe_outage_length (source);
  g_autofree char *subtitle = length != NULL ? g_strconcat (length, "\n", status, NULL) : g_strdup (status);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name != NULL ? name : "");
  adw_action_row_set_subtitle (row, subtitle);
}

static void
update_rows (UplinkWindow *self)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->server_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_ACTION_ROW (row))
      update_row (ADW_ACTION_ROW (row));
}

/* Whether a countdown shows: on the server's page, or in a row. */
static gboolean
counts_down (UplinkWindow *self)
{
  UplinkWindowApplication *application = get_application (self);
  GListModel *servers;

  if (self->source == NULL)
    return FALSE;
  if (g_strcmp0 (uplink_window_get_page (self), "servers") != 0 || application == NULL)
    return uplink_status_source_get_next_retry (self->source) != 0;

  servers = uplink_window_application_get_servers (application);
  for (guint i = 0; servers != NULL && i < g_list_model_get_n_items (servers); i++)
    {
      g_autoptr(UplinkStatusSource) server = g_list_model_get_item (servers, i);

      if (uplink_status_source_get_next_retry (server) != 0)
        return TRUE;
    }
  return FALSE;
}

/* A countdown moves with the shared clock, every second; "since" moves by
 * the minute, and nothing else with time alone. */
static void
on_tick (UplinkWindow *self)
{
  update (self);
  update_rows (self);
}

static void update_clock (UplinkWindow *self);

/* A retry scheduled or over starts or stops the countdown. */
static void
on_source_changed (UplinkWindow *self)
{
  update (self);
  update_clock (self);
}

static gboolean on_minute (gpointer user_data);

/* On the monotonic clock's minute, as the timeline steps for its hour:
 * both move in one frame, not two. */
static void
schedule_minute (UplinkWindow *self)
{
  self->minute_source = g_timeout_add_seconds (60 - (guint) (g_get_monotonic_time () / G_USEC_PER_SEC % 60),
                                               on_minute, self);
}

static gboolean
on_minute (gpointer user_data)
{
  UplinkWindow *self = user_data;

  on_tick (self);
  schedule_minute (self);
  return G_SOURCE_REMOVE;
}

/* The clock is held only while a countdown is on screen: an idle window
 * wakes once a minute, not once a second. */
static void
update_clock (UplinkWindow *self)
{
  gboolean seconds = gtk_widget_get_mapped (GTK_WIDGET (self)) && counts_down (self);

  if (seconds == self->holding_clock)
    return;

  self->holding_clock = seconds;
  if (seconds)
    uplink_clock_hold (uplink_clock_get_default ());
  else
    uplink_clock_release (uplink_clock_get_default ());
}

/* Whether the service has a server to watch (or soon: an address set
 * the single-server way goes into the list). */
static gboolean
has_servers (GSettings *settings)
{
  g_auto(GStrv) ids = g_settings_get_strv (settings, "servers");
  g_autofree char *url = g_settings_get_string (settings, "url");

  return ids[0] != NULL || *url != '\0';
}

/* A server's page when one was opened; the demo's, or the only server's,
 * on the root object; the list with several; the welcome page before a
 * server is chosen. */
static void
update_page (UplinkWindow *self)
{
  UplinkWindowApplication *application = get_application (self);
  gboolean demo = application != NULL && uplink_window_application_get_demo (application);
  guint n_servers = 0;
  const char *page = "welcome";

  if (application != NULL)
    n_servers = g_list_model_get_n_items (uplink_window_application_get_servers (application));

  if (shows_server (self) || demo)
    page = "status";
  else if (n_servers > 1)
    page = "servers";
  else if (application != NULL && has_servers (uplink_window_application_get_settings (application)))
    page = "status";
  uplink_window_set_page (self, page);

  gtk_widget_set_visible (GTK_WIDGET (self->back_button), shows_server (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "uplink.back", shows_server (self));
  /* The demo's drops and refusals are staged: say so where it shows. */
  adw_window_title_set_subtitle (self->window_title,
                                 demo ? _("Demo: a server inside Uplink goes through every state") : "");
  update_clock (self);
}

static void
on_shown_changed (UplinkWindow *self)
{
  uplink_window_set_source (self, UPLINK_STATUS_SOURCE (uplink_window_application_get_shown (get_application (self))));
  update_page (self);
}

static void
go_back (GtkWidget  *widget,
         const char *action_name,
         GVariant   *parameter)
{
  UplinkWindow *self = UPLINK_WINDOW (widget);

  uplink_window_application_show_object (get_application (self), APP_OBJECT_PATH);
}

static void
on_server_activated (UplinkWindow  *self,
                     GtkListBoxRow *row)
{
  UplinkMonitorSource *source = g_object_get_data (G_OBJECT (row), "source");

  uplink_window_application_show_object (get_application (self), uplink_monitor_source_get_object_path (source));
}

/* A row's server changed: its words, and maybe a countdown to follow. */
static void
on_row_source_changed (AdwActionRow *row)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (row));

  update_row (row);
  if (UPLINK_IS_WINDOW (root))
    update_clock (UPLINK_WINDOW (root));
}

static GtkWidget *
create_server_row (gpointer item,
                   gpointer user_data)
{
  UplinkMonitorSource *source = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *indicator = uplink_indicator_new_for_source (UPLINK_STATUS_SOURCE (source));

  /* Names and server text are never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  uplink_indicator_set_pixel_size (UPLINK_INDICATOR (indicator), 32);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), indicator);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));

  g_object_set_data_full (G_OBJECT (row), "source", g_object_ref (source), g_object_unref);
  g_signal_connect_object (source, "details-changed", G_CALLBACK (on_row_source_changed), row,
                           G_CONNECT_SWAPPED);
  update_row (ADW_ACTION_ROW (row));
  return row;
}

static void
on_server_added (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(UplinkWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  /* Done: the window follows the list. */
  if (!uplink_bus_servers_call_add_server_finish (UPLINK_BUS_SERVERS (source), &id, result, &error))
    uplink_welcome_show_dbus_error (self->welcome, error);
}

/* The first server, named after its host. The address goes to the
 * service, which keeps its secrets in the keyring, never in GSettings. */
static void
on_url_chosen (UplinkWindow *self,
               const char   *url)
{
  UplinkBusServers *admin = uplink_window_application_get_admin (get_application (self));
  g_autofree char *name = uplink_app_name_for_url (url);

  if (admin == NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                                                     _("Uplink cannot be reached: try again in a moment"));

      uplink_welcome_show_dbus_error (self->welcome, error);
      return;
    }
  uplink_bus_servers_call_add_server (admin, name, url, "", NULL, on_server_added, g_object_ref (self));
}

static void
on_demo_chosen (UplinkWindow *self)
{
  uplink_window_application_start_demo (get_application (self));
}

static UplinkEventLog *
get_event_log (UplinkWindow *self)
{
  UplinkWindowApplication *application = get_application (self);

  return application != NULL ? uplink_window_application_get_event_log (application) : NULL;
}

/* A plain-text report, secrets redacted, for a support ticket. */
static void
copy_details (UplinkWindow *self)
{
  UplinkEventLog *log = get_event_log (self);
  g_autofree char *report = NULL;

  if (log == NULL)
    return;

  report = uplink_event_log_get_report (log);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), report);
}

static void
copy_details_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  copy_details (UPLINK_WINDOW (widget));
}

/* Newest first: what just happened is what one looks for. */
static void
fill_event_list (GtkListBox     *list,
                 UplinkEventLog *log)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);

  for (guint i = uplink_event_log_get_n_events (log); i > 0; i--)
    {
      g_autofree char *cause = NULL;
      g_autofree char *title = uplink_event_log_describe_event (log, i - 1, &cause);
      GtkWidget *row = adw_action_row_new ();

      /* Causes hold server text: never markup. */
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), cause != NULL ? cause : "");
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
      gtk_list_box_append (list, row);
    }
}

static void
show_event_log (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  UplinkWindow *self = UPLINK_WINDOW (widget);
  UplinkEventLog *log = get_event_log (self);
  GtkWindow *window;
  GtkWidget *box, *header, *copy, *scrolled, *clamp, *list;

  if (log == NULL)
    return;

  window = GTK_WINDOW (adw_window_new ());
  gtk_window_set_title (window, _("Event Log"));
  gtk_window_set_transient_for (window, GTK_WINDOW (self));
  gtk_window_set_default_size (window, 480, 560);

  header = adw_header_bar_new ();
  copy = gtk_button_new_with_mnemonic (_("_Copy Details"));
  gtk_widget_set_tooltip_text (copy, _("Copy a report for a support request, without passwords or tokens"));
  g_signal_connect_object (copy, "clicked", G_CALLBACK (copy_details), self, G_CONNECT_SWAPPED);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), copy);

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_widget_set_valign (list, GTK_ALIGN_START);
  gtk_widget_set_margin_top (list, 12);
  gtk_widget_set_margin_bottom (list, 12);
  gtk_widget_set_margin_start (list, 12);
  gtk_widget_set_margin_end (list, 12);
  fill_event_list (GTK_LIST_BOX (list), log);
  g_signal_connect_object (log, "changed", G_CALLBACK (fill_event_list), list, G_CONNECT_SWAPPED);

  clamp = adw_clamp_new ();
  adw_clamp_set_child (ADW_CLAMP (clamp), list);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_window_present (window);
}

static void
uplink_window_map (GtkWidget *widget)
{
  UplinkWindow *self = UPLINK_WINDOW (widget);

  GTK_WIDGET_CLASS (uplink_window_parent_class)->map (widget);

  /* Countdowns and "since" move with time; only worth it on screen. */
  update (self);
  g_signal_connect_object (uplink_clock_get_default (), "tick", G_CALLBACK (on_tick), self,
                           G_CONNECT_SWAPPED);
  update_clock (self);
  schedule_minute (self);
}

static void
uplink_window_unmap (GtkWidget *widget)
{
  UplinkWindow *self = UPLINK_WINDOW (widget);

  g_signal_handlers_disconnect_by_func (uplink_clock_get_default (), on_tick, self);
  g_clear_handle_id (&self->minute_source, g_source_remove);

  GTK_WIDGET_CLASS (uplink_window_parent_class)->unmap (widget);
  update_clock (self);
}

static void
uplink_window_dispose (GObject *object)
{
  UplinkWindow *self = UPLINK_WINDOW (object);

  g_clear_handle_id (&self->minute_source, g_source_remove);
  if (self->source != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->source, self);
      g_signal_handlers_disconnect_by_data (uplink_status_source_get_history (self->source), self);
    }
  g_clear_object (&self->source);

  gtk_widget_dispose_template (GTK_WIDGET (self), UPLINK_TYPE_WINDOW);

  G_OBJECT_CLASS (uplink_window_parent_class)->dispose (object);
}

static void
uplink_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  UplinkWindow *self = UPLINK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      g_value_set_object (value, uplink_window_get_source (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
uplink_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  UplinkWindow *self = UPLINK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      uplink_window_set_source (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
uplink_window_class_init (UplinkWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = uplink_window_dispose;
  object_class->get_property = uplink_window_get_property;
  object_class->set_property = uplink_window_set_property;

  widget_class->map = uplink_window_map;
  widget_class->unmap = uplink_window_unmap;

  gtk_widget_class_install_action (widget_class, "uplink.event-log", NULL, show_event_log);
  gtk_widget_class_install_action (widget_class, "uplink.back", NULL, go_back);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "uplink.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "uplink.back", NULL);
  gtk_widget_class_install_action (widget_class, "uplink.copy-details", NULL, copy_details_action);

  /**
   * UplinkWindow:source:
   *
   * The connection shown, or %NULL.
   */
  properties[PROP_SOURCE] =
    g_param_spec_object ("source", NULL, NULL,
                         UPLINK_TYPE_STATUS_SOURCE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (UPLINK_TYPE_WELCOME);

  gtk_widget_class_set_template_from_resource (widget_class, APP_OBJECT_PATH "/uplink-window.ui");
  gtk_widget_class_bind_template_child (widget_class, UplinkWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, UplinkWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, UplinkWindow, server_list);
  gtk_widget_class_bind_template_child (widget_class, UplinkWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, UplinkWindow, welcome);
  gtk_widget_class_bind_template_child (widget_class, UplinkWindow, indicator_bin);
  gtk_widget_class_bind_template_child (widget_class, UplinkWindow, timeline_bin);
  gtk_widget_class_bind_template_child (widget_class, UplinkWindow, title_label);
  gtk_widget_class_bind_template_child (widget_class, UplinkWindow, description_label);
  gtk_widget_class_bind_template_child (widget_class, UplinkWindow, reconnect_button);
  gtk_widget_class_bind_template_child (widget_class, UplinkWindow, pause_button);
  gtk_widget_class_bind_template_child (widget_class, UplinkWindow, server_row);
  gtk_widget_class_bind_template_child (widget_class, UplinkWindow, since_row);
  gtk_widget_class_bind_template_child (widget_class, UplinkWindow, latency_row);
  gtk_widget_class_bind_template_child (widget_class, UplinkWindow, error_row);
  gtk_widget_class_bind_template_child (widget_class, UplinkWindow, hint_row);
  gtk_widget_class_bind_template_child (widget_class, UplinkWindow, features_row);
  gtk_widget_class_bind_template_callback (widget_class, on_url_chosen);
  gtk_widget_class_bind_template_callback (widget_class, on_demo_chosen);
  gtk_widget_class_bind_template_callback (widget_class, on_server_activated);
}

static void
uplink_window_init (UplinkWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* From the widget library, which a .ui in this program cannot name
   * before its types are registered. */
  self->indicator = UPLINK_INDICATOR (uplink_indicator_new (NULL));
  uplink_indicator_set_pixel_size (self->indicator, 96);
  gtk_widget_set_halign (GTK_WIDGET (self->indicator), GTK_ALIGN_CENTER);
  adw_bin_set_child (self->indicator_bin, GTK_WIDGET (self->indicator));

  self->timeline = UPLINK_TIMELINE (uplink_timeline_new (NULL));
  gtk_widget_set_size_request (GTK_WIDGET (self->timeline), -1, 48);
  adw_bin_set_child (self->timeline_bin, GTK_WIDGET (self->timeline));

  if (g_str_has_suffix (PACKAGE_VERSION, "-devel"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

UplinkWindow *
uplink_window_new (UplinkWindowApplication *application)
{
  GSettings *settings;
  UplinkWindow *self;

  g_return_val_if_fail (UPLINK_IS_WINDOW_APPLICATION (application), NULL);

  self = g_object_new (UPLINK_TYPE_WINDOW, "application", application, NULL);
  settings = uplink_window_application_get_settings (application);
  gtk_list_box_bind_model (self->server_list, uplink_window_application_get_servers (application),
                           create_server_row, NULL, NULL);
  g_signal_connect_object (application, "notify::shown", G_CALLBACK (on_shown_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (application, "notify::demo", G_CALLBACK (update_page), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (uplink_window_application_get_servers (application), "items-changed",
                           G_CALLBACK (update_page), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::url", G_CALLBACK (update_page), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::servers", G_CALLBACK (update_page), self, G_CONNECT_SWAPPED);
  on_shown_changed (self);

  return self;
}

UplinkStatusSource *
uplink_window_get_source (UplinkWindow *self)
{
  g_return_val_if_fail (UPLINK_IS_WINDOW (self), NULL);

  return self->source;
}

void
uplink_window_set_source (UplinkWindow       *self,
                          UplinkStatusSource *source)
{
  g_return_if_fail (UPLINK_IS_WINDOW (self));
  g_return_if_fail (source == NULL || UPLINK_IS_STATUS_SOURCE (source));

  if (self->source == source)
    return;

  if (self->source != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->source, self);
      g_signal_handlers_disconnect_by_data (uplink_status_source_get_history (self->source), self);
    }
  g_set_object (&self->source, source);

  uplink_indicator_set_source (self->indicator, source);
  uplink_timeline_set_source (self->timeline, source);
  if (source != NULL)
    uplink_app_follow_connection (source, G_CALLBACK (on_source_changed), self);
  /* The address, the name and the reasons have no property to notify;
   * "since" comes from the history, which a server's page reads after
   * it opens. */
  if (UPLINK_IS_MONITOR_SOURCE (source))
    g_signal_connect_object (source, "details-changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  if (source != NULL)
    g_signal_connect_object (uplink_status_source_get_history (source), "changed", G_CALLBACK (update), self,
                             G_CONNECT_SWAPPED);

  on_source_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
}

/**
 * uplink_window_get_page:
 * @self: the window
 *
 * Returns: "welcome", "servers" (the list) or "status" (one server's, or
 *   the only server's, page)
 */
const char *
uplink_window_get_page (UplinkWindow *self)
{
  g_return_val_if_fail (UPLINK_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

void
uplink_window_set_page (UplinkWindow *self,
                        const char   *page)
{
  g_return_if_fail (UPLINK_IS_WINDOW (self));

  gtk_stack_set_visible_child_name (self->stack, page);
}
