/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "uplink-gtk-private.h"
#include "uplink-status-popover.h"

/**
 * UplinkStatusPopover:
 *
 * The details of an [class@Uplink.Connection], or of any other
 * [iface@Uplink.StatusSource], with buttons to reconnect at once and to
 * stop or start watching. A source that cannot do these (such as an
 * [class@Uplink.StatusModel]) gets no buttons for them.
 *
 * [class@Indicator] opens one when clicked; applications can also put one
 * in a menu button of their own.
 *
 * ## Actions
 *
 * `status.reconnect` calls [method@Uplink.StatusSource.reconnect] (for a
 * connection, [method@Uplink.Connection.reconnect_now]);
 * `status.toggle-running` pauses a running source and resumes a stopped
 * one.
 *
 * Since: 1.0
 */

typedef enum {
  DETAIL_DURATION,
  DETAIL_LATENCY,
  DETAIL_RETRY,
  DETAIL_ERROR,
  DETAIL_FEATURES,
  N_DETAILS
} Detail;

struct _UplinkStatusPopover
{
  GtkPopover parent_instance;

  UplinkStatusSource *source;

  GtkLabel *title_label;
  GtkLabel *status_label;
  GtkGrid *details;
  GtkButton *reconnect_button;
  GtkButton *running_button;
  GtkWidget *names[N_DETAILS];
  GtkWidget *values[N_DETAILS];
};

G_DEFINE_FINAL_TYPE (UplinkStatusPopover, uplink_status_popover, GTK_TYPE_POPOVER)

enum {
  PROP_0,
  PROP_CONNECTION,
  PROP_SOURCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_detail (UplinkStatusPopover *self,
            Detail               detail,
            const char          *value)
{
  gtk_widget_set_visible (self->names[detail], value != NULL);
  gtk_widget_set_visible (self->values[detail], value != NULL);
  gtk_label_set_label (GTK_LABEL (self->values[detail]), value != NULL ? value : "");
}

static void
update_details (UplinkStatusPopover *self)
{
  UplinkState state = uplink_status_source_get_state (self->source);
  const GError *error = uplink_status_source_get_last_error (self->source);
  g_autofree char *duration = uplink_gtk_describe_time_in_state (self->source);
  g_autofree char *latency = uplink_describe_latency (self->source);
  g_autofree char *retry = uplink_describe_retry (self->source);
  g_autofree char *features =
    uplink_describe_features (uplink_status_source_get_throttled_features (self->source));

  set_detail (self, DETAIL_DURATION, duration);
  set_detail (self, DETAIL_LATENCY, state != UPLINK_STATE_DISCONNECTED ? latency : NULL);
  set_detail (self, DETAIL_RETRY, retry);
  set_detail (self, DETAIL_ERROR, error != NULL && state != UPLINK_STATE_CONNECTED ? error->message : NULL);
  set_detail (self, DETAIL_FEATURES, *features != '\0' ? features : NULL);
}

/* A control the source lacks is hidden, not just greyed out. */
static void
set_control (UplinkStatusPopover *self,
             GtkButton           *button,
             gboolean             available)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self),
                                 gtk_actionable_get_action_name (GTK_ACTIONABLE (button)),
                                 available);
  gtk_widget_set_visible (GTK_WIDGET (button), available);
}

static void
update (UplinkStatusPopover *self)
{
  g_autofree char *title = NULL;
  g_autofree char *status = NULL;
  gboolean running;

  if (self->source == NULL)
    {
      gtk_label_set_label (self->title_label, _("No connection"));
      gtk_label_set_label (self->status_label, "");
      for (Detail detail = 0; detail < N_DETAILS; detail++)
        set_detail (self, detail, NULL);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "status.reconnect", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "status.toggle-running", FALSE);
      return;
    }

  title = uplink_describe_title (self->source);
  status = uplink_describe_status (self->source);
  running = uplink_status_source_get_running (self->source);

  gtk_label_set_label (self->title_label, title);
  gtk_label_set_label (self->status_label, status);
  update_details (self);
  gtk_button_set_label (self->running_button, running ? _("_Pause Monitoring") : _("_Resume Monitoring"));
  /* Reconnecting is the suggested action only while it would help. */
  if (running && uplink_status_source_get_state (self->source) == UPLINK_STATE_DISCONNECTED)
    gtk_widget_add_css_class (GTK_WIDGET (self->reconnect_button), "suggested-action");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->reconnect_button), "suggested-action");
  set_control (self, self->reconnect_button, uplink_status_source_can_reconnect (self->source));
  set_control (self, self->running_button, uplink_status_source_can_pause (self->source));
}

/* The countdown and "since" run on only while someone can see them. */
static void
uplink_status_popover_map (GtkWidget *widget)
{
  UplinkStatusPopover *self = UPLINK_STATUS_POPOVER (widget);
  UplinkClock *clock = uplink_clock_get_default ();

  GTK_WIDGET_CLASS (uplink_status_popover_parent_class)->map (widget);

  update (self);
  g_signal_connect_object (clock, "tick", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  uplink_clock_hold (clock);
}

static void
uplink_status_popover_unmap (GtkWidget *widget)
{
  UplinkStatusPopover *self = UPLINK_STATUS_POPOVER (widget);
  UplinkClock *clock = uplink_clock_get_default ();

  g_signal_handlers_disconnect_by_func (clock, update, self);
  uplink_clock_release (clock);

  GTK_WIDGET_CLASS (uplink_status_popover_parent_class)->unmap (widget);
}

static void
source_notify_cb (UplinkStatusPopover *self)
{
  update (self);
}

static void
reconnect_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  UplinkStatusPopover *self = UPLINK_STATUS_POPOVER (widget);

  uplink_status_source_reconnect (self->source);
}

static void
toggle_running_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  UplinkStatusPopover *self = UPLINK_STATUS_POPOVER (widget);

  if (uplink_status_source_get_running (self->source))
    uplink_status_source_pause (self->source);
  else
    uplink_status_source_resume (self->source);
}

static void
uplink_status_popover_dispose (GObject *object)
{
  UplinkStatusPopover *self = UPLINK_STATUS_POPOVER (object);

  uplink_status_popover_set_source (self, NULL);

  G_OBJECT_CLASS (uplink_status_popover_parent_class)->dispose (object);
}

static void
uplink_status_popover_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  UplinkStatusPopover *self = UPLINK_STATUS_POPOVER (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, uplink_status_popover_get_connection (self));
      break;
    case PROP_SOURCE:
      g_value_set_object (value, uplink_status_popover_get_source (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
uplink_status_popover_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  UplinkStatusPopover *self = UPLINK_STATUS_POPOVER (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      uplink_status_popover_set_connection (self, g_value_get_object (value));
      break;
    case PROP_SOURCE:
      uplink_status_popover_set_source (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
uplink_status_popover_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (uplink_status_popover_parent_class)->root (widget);

  uplink_gtk_ensure_style (gtk_widget_get_display (widget));
}

static void
uplink_status_popover_class_init (UplinkStatusPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = uplink_status_popover_dispose;
  object_class->get_property = uplink_status_popover_get_property;
  object_class->set_property = uplink_status_popover_set_property;

  widget_class->root = uplink_status_popover_root;
  widget_class->map = uplink_status_popover_map;
  widget_class->unmap = uplink_status_popover_unmap;

  /**
   * UplinkStatusPopover:connection:
   *
   * The connection whose details the popover shows, or %NULL when it
   * shows another kind of [property@StatusPopover:source].
   *
   * Since: 1.0
   */
  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL,
                         UPLINK_TYPE_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkStatusPopover:source:
   *
   * The connection or model whose details the popover shows.
   *
   * Since: 1.0
   */
  properties[PROP_SOURCE] =
    g_param_spec_object ("source", NULL, NULL,
                         UPLINK_TYPE_STATUS_SOURCE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "status.reconnect", NULL, reconnect_action);
  gtk_widget_class_install_action (widget_class, "status.toggle-running", NULL, toggle_running_action);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/uplink/UplinkGtk/uplink-status-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, UplinkStatusPopover, title_label);
  gtk_widget_class_bind_template_child (widget_class, UplinkStatusPopover, status_label);
  gtk_widget_class_bind_template_child (widget_class, UplinkStatusPopover, details);
  gtk_widget_class_bind_template_child (widget_class, UplinkStatusPopover, reconnect_button);
  gtk_widget_class_bind_template_child (widget_class, UplinkStatusPopover, running_button);
}

static void
add_detail_row (UplinkStatusPopover *self,
                Detail               detail,
                const char          *name)
{
  self->names[detail] = gtk_label_new (name);
  gtk_label_set_xalign (GTK_LABEL (self->names[detail]), 0.0f);
  gtk_label_set_yalign (GTK_LABEL (self->names[detail]), 0.0f);
  gtk_widget_add_css_class (self->names[detail], "detail-name");
  gtk_grid_attach (self->details, self->names[detail], 0, detail, 1, 1);

  self->values[detail] = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->values[detail]), 0.0f);
  gtk_label_set_wrap (GTK_LABEL (self->values[detail]), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (self->values[detail]), 30);
  gtk_widget_set_hexpand (self->values[detail], TRUE);
  gtk_grid_attach (self->details, self->values[detail], 1, detail, 1, 1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->values[detail]),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->names[detail], NULL,
                                  -1);
}

static void
uplink_status_popover_init (UplinkStatusPopover *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  add_detail_row (self, DETAIL_DURATION, _("Duration"));
  add_detail_row (self, DETAIL_LATENCY, _("Latency"));
  add_detail_row (self, DETAIL_RETRY, _("Next attempt"));
  add_detail_row (self, DETAIL_ERROR, _("Last error"));
  add_detail_row (self, DETAIL_FEATURES, _("Paused features"));

  update (self);
}

/**
 * uplink_status_popover_new:
 * @connection: (nullable): the connection to show
 *
 * Creates a popover with the details of @connection.
 *
 * Returns: (type UplinkStatusPopover): a new popover
 *
 * Since: 1.0
 */
GtkWidget *
uplink_status_popover_new (UplinkConnection *connection)
{
  g_return_val_if_fail (connection == NULL || UPLINK_IS_CONNECTION (connection), NULL);

  return g_object_new (UPLINK_TYPE_STATUS_POPOVER, "connection", connection, NULL);
}

/**
 * uplink_status_popover_new_for_source:
 * @source: (nullable): the connection or model to show
 *
 * Creates a popover with the details of @source.
 *
 * Returns: (type UplinkStatusPopover): a new popover
 *
 * Since: 1.0
 */
GtkWidget *
uplink_status_popover_new_for_source (UplinkStatusSource *source)
{
  g_return_val_if_fail (source == NULL || UPLINK_IS_STATUS_SOURCE (source), NULL);

  return g_object_new (UPLINK_TYPE_STATUS_POPOVER, "source", source, NULL);
}

/**
 * uplink_status_popover_get_connection:
 * @self: a status popover
 *
 * Gets the connection @self shows.
 *
 * Returns: (transfer none) (nullable): the connection, or %NULL when @self
 *   shows no source or one that is not a connection
 *
 * Since: 1.0
 */
UplinkConnection *
uplink_status_popover_get_connection (UplinkStatusPopover *self)
{
  g_return_val_if_fail (UPLINK_IS_STATUS_POPOVER (self), NULL);

  return UPLINK_IS_CONNECTION (self->source) ? UPLINK_CONNECTION (self->source) : NULL;
}

/**
 * uplink_status_popover_set_connection:
 * @self: a status popover
 * @connection: (nullable): the connection to show
 *
 * Makes @self show the details of @connection; the same as
 * [method@StatusPopover.set_source].
 *
 * Since: 1.0
 */
void
uplink_status_popover_set_connection (UplinkStatusPopover *self,
                                      UplinkConnection    *connection)
{
  g_return_if_fail (UPLINK_IS_STATUS_POPOVER (self));
  g_return_if_fail (connection == NULL || UPLINK_IS_CONNECTION (connection));

  uplink_status_popover_set_source (self, (UplinkStatusSource *) connection);
}

/**
 * uplink_status_popover_get_source:
 * @self: a status popover
 *
 * Gets the connection or model @self shows.
 *
 * Returns: (transfer none) (nullable): the source
 *
 * Since: 1.0
 */
UplinkStatusSource *
uplink_status_popover_get_source (UplinkStatusPopover *self)
{
  g_return_val_if_fail (UPLINK_IS_STATUS_POPOVER (self), NULL);

  return self->source;
}

/**
 * uplink_status_popover_set_source:
 * @self: a status popover
 * @source: (nullable): the connection or model to show
 *
 * Makes @self show the details of @source.
 *
 * Since: 1.0
 */
void
uplink_status_popover_set_source (UplinkStatusPopover *self,
                                  UplinkStatusSource  *source)
{
  g_return_if_fail (UPLINK_IS_STATUS_POPOVER (self));
  g_return_if_fail (source == NULL || UPLINK_IS_STATUS_SOURCE (source));

  if (self->source == source)
    return;

  if (self->source != NULL)
    g_signal_handlers_disconnect_by_func (self->source, source_notify_cb, self);
  g_set_object (&self->source, source);
  if (self->source != NULL)
    g_signal_connect_swapped (self->source, "notify", G_CALLBACK (source_notify_cb), self);

  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
}
