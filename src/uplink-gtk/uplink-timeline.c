/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "uplink-gtk-private.h"
#include "uplink-timeline.h"
#include "uplink-timeline-private.h"

/**
 * UplinkTimeline:
 *
 * A bar of a connection's recent history, coloured by state: the oldest
 * moment of [property@Timeline:window] on the left, now on the right.
 * Hovering a stretch tells its state, how long it lasted and when.
 *
 * The bar redraws when the history changes, and as time passes no more
 * often than it takes for a pixel column's worth of time to go by.
 *
 * ## CSS nodes
 *
 * `uplinktimeline`. The stretches take the theme's `success_color`
 * (connected), `accent_color` (connecting), `warning_color` (throttled)
 * and `error_color` (disconnected); a pause by the user is a neutral grey,
 * not an outage. Each outage ([method@Uplink.History.get_outage]), from the
 * first loss to the next session, is underlined in `error_color`, and
 * hovering it tells when it began and ended and why. Times before the
 * history began stay empty.
 *
 * Since: 1.0
 */
struct _UplinkTimeline
{
  GtkWidget parent_instance;

  UplinkStatusSource *source;
  UplinkHistory *history;
  GTimeSpan window;
  guint tick_source;
  guint tick_interval_ms;
};

G_DEFINE_FINAL_TYPE (UplinkTimeline, uplink_timeline, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_HISTORY,
  PROP_SOURCE,
  PROP_WINDOW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define DEFAULT_WINDOW (G_TIME_SPAN_HOUR)

static void
state_color (GtkWidget   *widget,
             UplinkState  state,
             GdkRGBA     *color)
{
  static const char * const names[] = {
    [UPLINK_STATE_DISCONNECTED] = "error_color",
    [UPLINK_STATE_CONNECTING] = "accent_color",
    [UPLINK_STATE_CONNECTED] = "success_color",
    [UPLINK_STATE_FEATURE_THROTTLED] = "warning_color",
  };
  static const char * const fallbacks[] = {
    [UPLINK_STATE_DISCONNECTED] = "#c01c28",
    [UPLINK_STATE_CONNECTING] = "#1c71d8",
    [UPLINK_STATE_CONNECTED] = "#26a269",
    [UPLINK_STATE_FEATURE_THROTTLED] = "#cd9309",
  };
  gboolean found;

  /* GTK 4.10 offers no replacement for looking up a named colour. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  found = gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), names[state], color);
  G_GNUC_END_IGNORE_DEPRECATIONS

  if (!found)
    gdk_rgba_parse (color, fallbacks[state]);
}

/* Neither a state's colour nor an alarm: the user chose this. */
#define PAUSED_COLOR "#9a9996"

/* The height of the line under an outage. */
#define OUTAGE_MARK_HEIGHT 3

static double
x_for_time (gint64 time,
            gint64 start,
            gint64 window,
            int    width)
{
  return (double) (time - start) * width / window;
}

/* Whole pixels, so that stretches meet without seams; FALSE when the
 * stretch [from, to) is outside the window or narrower than a pixel. */
static gboolean
columns_for (UplinkTimeline *self,
             gint64          from,
             gint64          to,
             gint64          now,
             int             width,
             double         *x0,
             double         *x1)
{
  gint64 start = now - self->window;

  if (to <= start)
    return FALSE;

  *x0 = floor (x_for_time (MAX (from, start), start, self->window, width));
  *x1 = to >= now ? width : floor (x_for_time (to, start, self->window, width));
  return *x1 > *x0;
}

static void
snapshot_outages (UplinkTimeline *self,
                  GtkSnapshot    *snapshot,
                  const GdkRGBA  *color,
                  gint64          now,
                  int             width,
                  int             height)
{
  guint n_outages = uplink_history_get_n_outages (self->history);

  for (guint i = 0; i < n_outages; i++)
    {
      gint64 from, to;
      gboolean paused;
      double x0, x1;

      uplink_history_get_outage (self->history, i, &from, NULL, &to, NULL, &paused, NULL);
      if (paused || !columns_for (self, from, to == 0 ? now : to, now, width, &x0, &x1))
        continue;

      gtk_snapshot_append_color (snapshot, color,
                                 &GRAPHENE_RECT_INIT (x0, height - OUTAGE_MARK_HEIGHT,
                                                      x1 - x0, OUTAGE_MARK_HEIGHT));
    }
}

static void
uplink_timeline_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  UplinkTimeline *self = UPLINK_TIMELINE (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  gint64 now = g_get_monotonic_time ();
  guint n_entries;
  GdkRGBA colors[UPLINK_STATE_FEATURE_THROTTLED + 1];
  GdkRGBA paused_color;

  if (self->history == NULL || width <= 0 || height <= 0)
    return;

  for (UplinkState state = UPLINK_STATE_DISCONNECTED; state <= UPLINK_STATE_FEATURE_THROTTLED; state++)
    state_color (widget, state, &colors[state]);
  gdk_rgba_parse (&paused_color, PAUSED_COLOR);

  n_entries = uplink_history_get_n_entries (self->history);
  for (guint i = 0; i < n_entries; i++)
    {
      UplinkState state;
      gint64 from, to = now;
      double x0, x1;

      uplink_history_get_entry (self->history, i, &state, &from, NULL);
      uplink_history_get_entry (self->history, i + 1, NULL, &to, NULL);
      if (!columns_for (self, from, to, now, width, &x0, &x1))
        continue;

      gtk_snapshot_append_color (snapshot,
                                 uplink_history_get_entry_paused (self->history, i) ? &paused_color : &colors[state],
                                 &GRAPHENE_RECT_INIT (x0, 0, x1 - x0, height));
    }

  snapshot_outages (self, snapshot, &colors[UPLINK_STATE_DISCONNECTED], now, width, height);
}

static gboolean
tick_cb (gpointer data)
{
  gtk_widget_queue_draw (GTK_WIDGET (data));

  return G_SOURCE_CONTINUE;
}

static guint add_tick (UplinkTimeline *self);

static gboolean
aligned_tick_cb (gpointer data)
{
  UplinkTimeline *self = data;

  gtk_widget_queue_draw (GTK_WIDGET (self));
  self->tick_source = add_tick (self);
  return G_SOURCE_REMOVE;
}

/* A step of whole seconds falls on the monotonic clock's grid of that
 * step, so that whatever else on screen moves by the minute (a window's
 * "for 5 minutes") moves in the same frame rather than in one more. */
static guint
add_tick (UplinkTimeline *self)
{
  guint seconds = self->tick_interval_ms / 1000;

  if (self->tick_interval_ms % 1000 != 0)
    return g_timeout_add (self->tick_interval_ms, tick_cb, self);

  return g_timeout_add_seconds (seconds - (guint) (g_get_monotonic_time () / G_USEC_PER_SEC % seconds),
                                aligned_tick_cb, self);
}

/* Time moves the bar one column per window ÷ width; redrawing more often
 * would change no pixel. Nor more often than in 60 steps across the
 * window (a minute for an hour): each redraw costs a frame, which a window
 * left open all day should not pay every few seconds. */
static void
schedule_ticks (UplinkTimeline *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  guint interval_ms;

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)) || width <= 0 || self->history == NULL)
    {
      g_clear_handle_id (&self->tick_source, g_source_remove);
      self->tick_interval_ms = 0;
      return;
    }

  interval_ms = (guint) MAX (MAX (self->window / width, self->window / 60) / 1000, 1);
  if (self->tick_source != 0 && interval_ms == self->tick_interval_ms)
    return;

  g_clear_handle_id (&self->tick_source, g_source_remove);
  self->tick_interval_ms = interval_ms;
  self->tick_source = add_tick (self);
}

static void
uplink_timeline_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  schedule_ticks (UPLINK_TIMELINE (widget));
}

static void
uplink_timeline_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (uplink_timeline_parent_class)->map (widget);

  schedule_ticks (UPLINK_TIMELINE (widget));
}

static void
uplink_timeline_unmap (GtkWidget *widget)
{
  UplinkTimeline *self = UPLINK_TIMELINE (widget);

  g_clear_handle_id (&self->tick_source, g_source_remove);
  self->tick_interval_ms = 0;

  GTK_WIDGET_CLASS (uplink_timeline_parent_class)->unmap (widget);
}

static gboolean
uplink_timeline_query_tooltip (GtkWidget  *widget,
                               int         x,
                               int         y,
                               gboolean    keyboard_tooltip,
                               GtkTooltip *tooltip)
{
  g_autofree char *text = uplink_timeline_describe_at (UPLINK_TIMELINE (widget),
                                                       keyboard_tooltip ? gtk_widget_get_width (widget) - 1 : x);

  if (text == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
uplink_timeline_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (uplink_timeline_parent_class)->root (widget);

  uplink_gtk_ensure_style (gtk_widget_get_display (widget));
}

static void
history_changed_cb (UplinkTimeline *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
uplink_timeline_dispose (GObject *object)
{
  UplinkTimeline *self = UPLINK_TIMELINE (object);

  g_clear_handle_id (&self->tick_source, g_source_remove);
  g_clear_object (&self->source);
  uplink_timeline_set_history (self, NULL);

  G_OBJECT_CLASS (uplink_timeline_parent_class)->dispose (object);
}

static void
uplink_timeline_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  UplinkTimeline *self = UPLINK_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_HISTORY:
      g_value_set_object (value, uplink_timeline_get_history (self));
      break;
    case PROP_SOURCE:
      g_value_set_object (value, uplink_timeline_get_source (self));
      break;
    case PROP_WINDOW:
      g_value_set_int64 (value, uplink_timeline_get_window (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
uplink_timeline_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  UplinkTimeline *self = UPLINK_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_HISTORY:
      uplink_timeline_set_history (self, g_value_get_object (value));
      break;
    case PROP_SOURCE:
      uplink_timeline_set_source (self, g_value_get_object (value));
      break;
    case PROP_WINDOW:
      uplink_timeline_set_window (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
uplink_timeline_class_init (UplinkTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = uplink_timeline_dispose;
  object_class->get_property = uplink_timeline_get_property;
  object_class->set_property = uplink_timeline_set_property;

  widget_class->root = uplink_timeline_root;
  widget_class->snapshot = uplink_timeline_snapshot;
  widget_class->size_allocate = uplink_timeline_size_allocate;
  widget_class->map = uplink_timeline_map;
  widget_class->unmap = uplink_timeline_unmap;
  widget_class->query_tooltip = uplink_timeline_query_tooltip;

  /**
   * UplinkTimeline:history:
   *
   * The history the timeline draws.
   *
   * Since: 1.0
   */
  properties[PROP_HISTORY] =
    g_param_spec_object ("history", NULL, NULL,
                         UPLINK_TYPE_HISTORY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkTimeline:source:
   *
   * The connection or model whose history the timeline draws; setting it
   * sets [property@Timeline:history].
   *
   * Since: 1.0
   */
  properties[PROP_SOURCE] =
    g_param_spec_object ("source", NULL, NULL,
                         UPLINK_TYPE_STATUS_SOURCE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkTimeline:window:
   *
   * How far back the bar reaches, in µs; one hour unless set.
   *
   * Since: 1.0
   */
  properties[PROP_WINDOW] =
    g_param_spec_int64 ("window", NULL, NULL,
                        G_TIME_SPAN_SECOND, G_MAXINT64, DEFAULT_WINDOW,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "uplinktimeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
uplink_timeline_init (UplinkTimeline *self)
{
  self->window = DEFAULT_WINDOW;
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Connection history"),
                                  -1);
}

/**
 * uplink_timeline_new:
 * @history: (nullable): the history to draw
 *
 * Creates a timeline of @history, usually the one of a connection
 * ([method@Uplink.Connection.get_history]).
 *
 * Returns: (type UplinkTimeline): a new timeline
 *
 * Since: 1.0
 */
GtkWidget *
uplink_timeline_new (UplinkHistory *history)
{
  g_return_val_if_fail (history == NULL || UPLINK_IS_HISTORY (history), NULL);

  return g_object_new (UPLINK_TYPE_TIMELINE, "history", history, NULL);
}

/**
 * uplink_timeline_new_for_source:
 * @source: (nullable): the connection or model whose history to draw
 *
 * Creates a timeline of @source's history.
 *
 * Returns: (type UplinkTimeline): a new timeline
 *
 * Since: 1.0
 */
GtkWidget *
uplink_timeline_new_for_source (UplinkStatusSource *source)
{
  g_return_val_if_fail (source == NULL || UPLINK_IS_STATUS_SOURCE (source), NULL);

  return g_object_new (UPLINK_TYPE_TIMELINE, "source", source, NULL);
}

/**
 * uplink_timeline_get_source:
 * @self: a timeline
 *
 * Gets the connection or model whose history @self draws.
 *
 * Returns: (transfer none) (nullable): the source, or %NULL when @self
 *   was given a history of its own
 *
 * Since: 1.0
 */
UplinkStatusSource *
uplink_timeline_get_source (UplinkTimeline *self)
{
  g_return_val_if_fail (UPLINK_IS_TIMELINE (self), NULL);

  return self->source;
}

/**
 * uplink_timeline_set_source:
 * @self: a timeline
 * @source: (nullable): the connection or model whose history to draw
 *
 * Makes @self draw the history of @source.
 *
 * Since: 1.0
 */
void
uplink_timeline_set_source (UplinkTimeline     *self,
                            UplinkStatusSource *source)
{
  g_return_if_fail (UPLINK_IS_TIMELINE (self));
  g_return_if_fail (source == NULL || UPLINK_IS_STATUS_SOURCE (source));

  if (!g_set_object (&self->source, source))
    return;

  uplink_timeline_set_history (self, source != NULL ? uplink_status_source_get_history (source) : NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
}

/**
 * uplink_timeline_get_history:
 * @self: a timeline
 *
 * Gets the history @self draws.
 *
 * Returns: (transfer none) (nullable): the history
 *
 * Since: 1.0
 */
UplinkHistory *
uplink_timeline_get_history (UplinkTimeline *self)
{
  g_return_val_if_fail (UPLINK_IS_TIMELINE (self), NULL);

  return self->history;
}

/**
 * uplink_timeline_set_history:
 * @self: a timeline
 * @history: (nullable): the history to draw
 *
 * Makes @self draw @history.
 *
 * Since: 1.0
 */
void
uplink_timeline_set_history (UplinkTimeline *self,
                             UplinkHistory  *history)
{
  g_return_if_fail (UPLINK_IS_TIMELINE (self));
  g_return_if_fail (history == NULL || UPLINK_IS_HISTORY (history));

  if (self->history == history)
    return;

  if (self->history != NULL)
    g_signal_handlers_disconnect_by_func (self->history, history_changed_cb, self);
  g_set_object (&self->history, history);
  if (self->history != NULL)
    g_signal_connect_swapped (self->history, "changed", G_CALLBACK (history_changed_cb), self);

  schedule_ticks (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY]);

  /* A history of its own replaces the source's. */
  if (self->source != NULL && uplink_status_source_get_history (self->source) != history)
    {
      g_clear_object (&self->source);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
    }
}

/**
 * uplink_timeline_get_window:
 * @self: a timeline
 *
 * Gets how far back @self reaches.
 *
 * Returns: the window, in µs
 *
 * Since: 1.0
 */
GTimeSpan
uplink_timeline_get_window (UplinkTimeline *self)
{
  g_return_val_if_fail (UPLINK_IS_TIMELINE (self), DEFAULT_WINDOW);

  return self->window;
}

/**
 * uplink_timeline_set_window:
 * @self: a timeline
 * @window: how far back to reach, in µs, at least a second
 *
 * Sets how much of the past the bar shows.
 *
 * Since: 1.0
 */
void
uplink_timeline_set_window (UplinkTimeline *self,
                            GTimeSpan       window)
{
  g_return_if_fail (UPLINK_IS_TIMELINE (self));
  g_return_if_fail (window >= G_TIME_SPAN_SECOND);

  if (self->window == window)
    return;

  self->window = window;
  schedule_ticks (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WINDOW]);
}

static const char *
state_in_words (UplinkState state,
                gboolean    paused)
{
  if (paused)
    return _("Paused");

  switch (state)
    {
    case UPLINK_STATE_CONNECTED:
      return _("Connected");
    case UPLINK_STATE_CONNECTING:
      return _("Connecting");
    case UPLINK_STATE_FEATURE_THROTTLED:
      return _("Some features paused");
    case UPLINK_STATE_DISCONNECTED:
    default:
      return _("Disconnected");
    }
}

static char *
format_wall_time (gint64 wall_time)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (wall_time / G_USEC_PER_SEC);

  return g_date_time_format (time, "%X");
}

/* "Outage from 14:02:10 to 14:14:45 (12 minutes): Connection refused"
 * for the outage around @time, or NULL. */
static char *
describe_outage_at (UplinkTimeline *self,
                    gint64          time,
                    gint64          now)
{
  guint n_outages = uplink_history_get_n_outages (self->history);

  for (guint i = n_outages; i > 0; i--)
    {
      gint64 from, from_wall, to, to_wall;
      gboolean paused;
      const char *cause;
      g_autofree char *duration = NULL;
      g_autofree char *from_text = NULL;
      g_autofree char *to_text = NULL;

      uplink_history_get_outage (self->history, i - 1, &from, &from_wall, &to, &to_wall, &paused, &cause);
      if (from > time)
        continue;
      if ((to != 0 && to <= time) || paused)
        return NULL;

      duration = uplink_describe_duration ((to == 0 ? now : to) - from);
      from_text = format_wall_time (from_wall);
      /* Translators: the end of an outage that still lasts */
      to_text = to == 0 ? g_strdup (_("now")) : format_wall_time (to_wall);
      if (cause == NULL)
        /* Translators: "Outage from 14:02:10 to 14:14:45 (12 minutes)" */
        return g_strdup_printf (_("Outage from %s to %s (%s)"), from_text, to_text, duration);

      /* The cause is the error's message, redacted by the connection.
       * Translators: "Outage from 14:02:10 to 14:14:45 (12 minutes):
       * Connection refused" */
      return g_strdup_printf (_("Outage from %s to %s (%s): %s"), from_text, to_text, duration, cause);
    }

  return NULL;
}

/*
 * uplink_timeline_describe_at:
 * @self: a timeline
 * @x: a position across the bar, in the widget's coordinates
 *
 * Describes the stretch of history under @x, as the tooltip does:
 * "Connected for 12 minutes, from 14:02 to 14:14", or "Paused for …"
 * for a pause by the user. Within an outage a second line tells the
 * whole outage: "Outage from 14:02:10 to 14:14:45 (12 minutes):
 * Connection refused".
 *
 * Returns: (transfer full) (nullable): the description, or %NULL when the
 *   history does not reach back to @x
 */
char *
uplink_timeline_describe_at (UplinkTimeline *self,
                             double          x)
{
  int width;
  gint64 now, time, from, to, wall_from;
  guint n_entries;
  UplinkState state;
  g_autofree char *duration = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *stretch = NULL;
  g_autofree char *outage = NULL;
  guint i;

  g_return_val_if_fail (UPLINK_IS_TIMELINE (self), NULL);

  width = gtk_widget_get_width (GTK_WIDGET (self));
  if (self->history == NULL || width <= 0)
    return NULL;

  now = g_get_monotonic_time ();
  time = now - self->window + (gint64) (CLAMP (x, 0, width) * self->window / width);
  n_entries = uplink_history_get_n_entries (self->history);

  for (i = n_entries; i > 0; i--)
    {
      uplink_history_get_entry (self->history, i - 1, &state, &from, &wall_from);
      if (from <= time)
        break;
    }
  if (i == 0)
    return NULL;

  to = now;
  uplink_history_get_entry (self->history, i, NULL, &to, NULL);

  duration = uplink_describe_duration (to - from);
  from_text = format_wall_time (wall_from);
  to_text = format_wall_time (wall_from + (to - from));

  /* Translators: a stretch of history: "Connected for 12 minutes, from
   * 14:02:10 to 14:14:45" */
  stretch = g_strdup_printf (_("%s for %s, from %s to %s"),
                             state_in_words (state, uplink_history_get_entry_paused (self->history, i - 1)),
                             duration, from_text, to_text);
  outage = describe_outage_at (self, time, now);
  if (outage == NULL)
    return g_steal_pointer (&stretch);

  return g_strconcat (stretch, "\n", outage, NULL);
}
