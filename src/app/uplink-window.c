/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <uplink-gtk.h>

#include "uplink-app-utils.h"
#include "uplink-window.h"
#include "uplink-window-application.h"
#include "uplink-welcome.h"

/*
 * The main window: the indicator, large, with the state as a title and a
 * sentence that explains it; the details; the last hour's timeline; and
 * "Reconnect Now" and "Pause". Every word about the connection comes from
 * uplink_describe_*(), so the window says what the tooltip, the
 * notifications and the command line say.
 *
 * It shows a status source: in Uplink, the service's connection seen
 * through D-Bus (UplinkMonitorSource). Before a server is chosen it shows
 * the welcome page instead.
 */

struct _UplinkWindow
{
  AdwApplicationWindow parent_instance;

  UplinkStatusSource *source;
  gboolean holding_clock;
  guint minute_source;

  GtkStack *stack;
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
  gboolean running;
  gboolean up;

  if (source == NULL)
    return;

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

/* A countdown moves with the shared clock, every second; "since" moves by
 * the minute, and nothing else with time alone. */
static void
on_tick (UplinkWindow *self)
{
  update (self);
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

  update (self);
  schedule_minute (self);
  return G_SOURCE_REMOVE;
}

/* The clock is held only while a countdown is on screen: an idle window
 * wakes once a minute, not once a second. */
static void
update_clock (UplinkWindow *self)
{
  gboolean seconds = self->source != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)) &&
                     uplink_status_source_get_next_retry (self->source) != 0;

  if (seconds == self->holding_clock)
    return;

  self->holding_clock = seconds;
  if (seconds)
    uplink_clock_hold (uplink_clock_get_default ());
  else
    uplink_clock_release (uplink_clock_get_default ());
}

static UplinkWindowApplication *
get_application (UplinkWindow *self)
{
  return UPLINK_WINDOW_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
}

/* The service watches a server once its address is set, or the demo. */
static void
update_page (UplinkWindow *self)
{
  UplinkWindowApplication *application = get_application (self);
  gboolean demo = application != NULL && uplink_window_application_get_demo (application);
  g_autofree char *url = NULL;

  if (application != NULL)
    url = g_settings_get_string (uplink_window_application_get_settings (application), "url");
  uplink_window_set_page (self, (url != NULL && *url != '\0') || demo ? "status" : "welcome");
  /* The demo's drops and refusals are staged: say so where it shows. */
  adw_window_title_set_subtitle (self->window_title,
                                 demo ? _("Demo: a server inside Uplink goes through every state") : "");
}

static void
on_url_chosen (UplinkWindow *self,
               const char   *url)
{
  /* The service follows the setting. */
  g_settings_set_string (uplink_window_application_get_settings (get_application (self)), "url", url);
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
    g_signal_handlers_disconnect_by_data (self->source, self);
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
  UplinkMonitorSource *source;
  UplinkWindow *self;

  g_return_val_if_fail (UPLINK_IS_WINDOW_APPLICATION (application), NULL);

  source = uplink_window_application_get_source (application);
  self = g_object_new (UPLINK_TYPE_WINDOW, "application", application, "source", source, NULL);
  g_signal_connect_object (source, "details-changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (application, "notify::demo", G_CALLBACK (update_page), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (uplink_window_application_get_settings (application), "changed::url",
                           G_CALLBACK (update_page), self, G_CONNECT_SWAPPED);
  update_page (self);

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
    g_signal_handlers_disconnect_by_data (self->source, self);
  g_set_object (&self->source, source);

  uplink_indicator_set_source (self->indicator, source);
  uplink_timeline_set_source (self->timeline, source);
  if (source != NULL)
    uplink_app_follow_connection (source, G_CALLBACK (on_source_changed), self);

  on_source_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
}

/**
 * uplink_window_get_page:
 * @self: the window
 *
 * Returns: "welcome" or "status"
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
