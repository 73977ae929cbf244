/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "uplink-gtk-private.h"
#include "uplink-indicator.h"
#include "uplink-status-popover.h"
#include "uplink-indicator-private.h"

/**
 * UplinkIndicator:
 *
 * Shows the state of an [class@Uplink.Connection], or of any other
 * [iface@Uplink.StatusSource], at a glance.
 *
 * The indicator is a symbolic icon per state, with an optional label; its
 * tooltip gives the details (since when, latency, the retry countdown,
 * the last error, throttled features). Clicking it, or pressing Enter or
 * Space while it has the focus, opens an [class@StatusPopover] with the
 * same details and buttons to reconnect, stop and start.
 *
 * The icons ship inside the library: an application needs nothing from
 * the icon theme.
 *
 * ## CSS nodes
 *
 * ```
 * uplinkindicator[.connected|.connecting|.disconnected|.throttled]
 * ╰── box
 *     ├── image
 *     ╰── label
 * ```
 *
 * The style class names the state; the default style colours the icon
 * with the theme's `success_color`, `accent_color`, `warning_color` and
 * `error_color`.
 *
 * ## Accessibility
 *
 * The indicator has the button role; its label is the state ("Connected")
 * and its description the explanation of the state, both kept current.
 *
 * Since: 1.0
 */
struct _UplinkIndicator
{
  GtkWidget parent_instance;

  UplinkStatusSource *source;
  GtkWidget *box;
  GtkWidget *image;
  GtkWidget *label;
  GtkWidget *popover;
  const char *css_class;
};

G_DEFINE_FINAL_TYPE (UplinkIndicator, uplink_indicator, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CONNECTION,
  PROP_SOURCE,
  PROP_SHOW_LABEL,
  PROP_PIXEL_SIZE,
  PROP_ICON_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One line per detail: state and duration (for an outage, since its
 * first loss, with the next try), latency, error and what to do, paused
 * features. */
static char *
build_tooltip (UplinkIndicator *self)
{
  UplinkState state = uplink_status_source_get_state (self->source);
  const GError *error = uplink_status_source_get_last_error (self->source);
  g_autofree char *title = uplink_describe_title (self->source);
  g_autofree char *duration = uplink_gtk_describe_time_in_state (self->source);
  g_autofree char *latency = uplink_describe_latency (self->source);
  g_autofree char *outage = uplink_describe_outage (self->source);
  g_autofree char *hint = uplink_describe_hint (self->source);
  g_autofree char *features =
    uplink_describe_features (uplink_status_source_get_throttled_features (self->source));
  g_autoptr(GPtrArray) lines = g_ptr_array_new_null_terminated (5, g_free, TRUE);

  if (outage != NULL)
    g_ptr_array_add (lines, g_steal_pointer (&outage));
  else if (duration != NULL)
    /* Translators: a state and how long it has lasted, e.g. "Connected for 3 minutes" */
    g_ptr_array_add (lines, g_strdup_printf (_("%s for %s"), title, duration));
  else
    g_ptr_array_add (lines, g_strdup (title));
  if (latency != NULL && state != UPLINK_STATE_DISCONNECTED)
    /* Translators: %s is a round trip, e.g. "23 ms" */
    g_ptr_array_add (lines, g_strdup_printf (_("Latency: %s"), latency));
  if (error != NULL && state != UPLINK_STATE_CONNECTED)
    g_ptr_array_add (lines, g_strdup (error->message));
  if (hint != NULL && state != UPLINK_STATE_CONNECTED)
    g_ptr_array_add (lines, g_steal_pointer (&hint));
  if (*features != '\0')
    /* Translators: %s is a list, e.g. "typing indicators, presence" */
    g_ptr_array_add (lines, g_strdup_printf (_("Paused: %s"), features));

  return g_strjoinv ("\n", (char **) lines->pdata);
}

static void
update (UplinkIndicator *self)
{
  UplinkState state = UPLINK_STATE_DISCONNECTED;
  gboolean paused = FALSE;
  g_autofree char *title = NULL;
  g_autofree char *status = NULL;
  g_autofree char *tooltip = NULL;
  const char *icon_name;
  UplinkLook look;

  if (self->source != NULL)
    {
      state = uplink_status_source_get_state (self->source);
      paused = !uplink_status_source_get_running (self->source);
      title = uplink_describe_title (self->source);
      status = uplink_describe_status (self->source);
      tooltip = build_tooltip (self);
    }
  else
    {
      title = g_strdup (_("No connection"));
    }

  if (self->css_class != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self), self->css_class);
  look = uplink_look_from_state (state, paused);
  self->css_class = uplink_look_to_string (look);
  gtk_widget_add_css_class (GTK_WIDGET (self), self->css_class);

  icon_name = uplink_gtk_look_icon_name (look);
  if (g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (self->image)), icon_name) != 0)
    {
      gtk_image_set_from_icon_name (GTK_IMAGE (self->image), icon_name);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ICON_NAME]);
    }

  gtk_label_set_label (GTK_LABEL (self->label), title);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, status != NULL ? status : "",
                                  -1);
}

static void
source_notify_cb (UplinkIndicator *self)
{
  update (self);
}

/* The tooltip's durations and countdown run on; write them afresh when
 * it shows. Setting the widget's tooltip text here would query again. */
static gboolean
uplink_indicator_query_tooltip (GtkWidget  *widget,
                                int         x,
                                int         y,
                                gboolean    keyboard_tooltip,
                                GtkTooltip *tooltip)
{
  UplinkIndicator *self = UPLINK_INDICATOR (widget);
  g_autofree char *text = NULL;

  if (self->source == NULL)
    return FALSE;

  text = build_tooltip (self);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            UplinkIndicator *self)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  uplink_indicator_popup (self);
}

static void
activate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  uplink_indicator_popup (UPLINK_INDICATOR (widget));
}

static void
uplink_indicator_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (uplink_indicator_parent_class)->root (widget);

  uplink_gtk_ensure_style (gtk_widget_get_display (widget));
}

static void
uplink_indicator_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  UplinkIndicator *self = UPLINK_INDICATOR (widget);

  gtk_widget_measure (self->box, orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

/* Without a layout manager, because a popover must be presented at each
 * allocation of the widget it points at. */
static void
uplink_indicator_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  UplinkIndicator *self = UPLINK_INDICATOR (widget);

  gtk_widget_allocate (self->box, width, height, baseline, NULL);
  if (self->popover != NULL)
    gtk_popover_present (GTK_POPOVER (self->popover));
}

static void
uplink_indicator_dispose (GObject *object)
{
  UplinkIndicator *self = UPLINK_INDICATOR (object);

  uplink_indicator_set_source (self, NULL);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_pointer (&self->popover, gtk_widget_unparent);

  G_OBJECT_CLASS (uplink_indicator_parent_class)->dispose (object);
}

static void
uplink_indicator_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  UplinkIndicator *self = UPLINK_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, uplink_indicator_get_connection (self));
      break;
    case PROP_SOURCE:
      g_value_set_object (value, uplink_indicator_get_source (self));
      break;
    case PROP_SHOW_LABEL:
      g_value_set_boolean (value, uplink_indicator_get_show_label (self));
      break;
    case PROP_PIXEL_SIZE:
      g_value_set_int (value, uplink_indicator_get_pixel_size (self));
      break;
    case PROP_ICON_NAME:
      g_value_set_string (value, uplink_indicator_get_icon_name (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
uplink_indicator_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  UplinkIndicator *self = UPLINK_INDICATOR (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      uplink_indicator_set_connection (self, g_value_get_object (value));
      break;
    case PROP_SOURCE:
      uplink_indicator_set_source (self, g_value_get_object (value));
      break;
    case PROP_SHOW_LABEL:
      uplink_indicator_set_show_label (self, g_value_get_boolean (value));
      break;
    case PROP_PIXEL_SIZE:
      uplink_indicator_set_pixel_size (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
uplink_indicator_class_init (UplinkIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = uplink_indicator_dispose;
  object_class->get_property = uplink_indicator_get_property;
  object_class->set_property = uplink_indicator_set_property;

  widget_class->root = uplink_indicator_root;
  widget_class->measure = uplink_indicator_measure;
  widget_class->size_allocate = uplink_indicator_size_allocate;
  widget_class->query_tooltip = uplink_indicator_query_tooltip;

  /**
   * UplinkIndicator:connection:
   *
   * The connection whose state the indicator shows, or %NULL when it
   * shows another kind of [property@Indicator:source].
   *
   * Since: 1.0
   */
  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL,
                         UPLINK_TYPE_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkIndicator:source:
   *
   * The connection or model whose state the indicator shows.
   *
   * Since: 1.0
   */
  properties[PROP_SOURCE] =
    g_param_spec_object ("source", NULL, NULL,
                         UPLINK_TYPE_STATUS_SOURCE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkIndicator:show-label:
   *
   * Whether the state is also written next to the icon.
   *
   * Since: 1.0
   */
  properties[PROP_SHOW_LABEL] =
    g_param_spec_boolean ("show-label", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkIndicator:pixel-size:
   *
   * The icon's size in pixels, or -1 for the theme's size.
   *
   * Since: 1.0
   */
  properties[PROP_PIXEL_SIZE] =
    g_param_spec_int ("pixel-size", NULL, NULL,
                      -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * UplinkIndicator:icon-name:
   *
   * The name of the icon shown for the current state, from the library's
   * resources.
   *
   * Since: 1.0
   */
  properties[PROP_ICON_NAME] =
    g_param_spec_string ("icon-name", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * UplinkIndicator|indicator.popup:
   *
   * Opens the status popover.
   *
   * Since: 1.0
   */
  gtk_widget_class_install_action (widget_class, "indicator.popup", NULL, activate_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "indicator.popup", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "indicator.popup", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "indicator.popup", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Space, 0, "indicator.popup", NULL);

  gtk_widget_class_set_css_name (widget_class, "uplinkindicator");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_BUTTON);
}

static void
uplink_indicator_init (UplinkIndicator *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->image = gtk_image_new ();
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->image), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  gtk_box_append (GTK_BOX (self->box), self->image);

  self->label = gtk_label_new (NULL);
  gtk_widget_set_visible (self->label, FALSE);
  gtk_box_append (GTK_BOX (self->box), self->label);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  update (self);
}

/**
 * uplink_indicator_new:
 * @connection: (nullable): the connection to show
 *
 * Creates an indicator for @connection.
 *
 * Returns: (type UplinkIndicator): a new indicator
 *
 * Since: 1.0
 */
GtkWidget *
uplink_indicator_new (UplinkConnection *connection)
{
  g_return_val_if_fail (connection == NULL || UPLINK_IS_CONNECTION (connection), NULL);

  return g_object_new (UPLINK_TYPE_INDICATOR, "connection", connection, NULL);
}

/**
 * uplink_indicator_new_for_source:
 * @source: (nullable): the connection or model to show
 *
 * Creates an indicator for @source.
 *
 * Returns: (type UplinkIndicator): a new indicator
 *
 * Since: 1.0
 */
GtkWidget *
uplink_indicator_new_for_source (UplinkStatusSource *source)
{
  g_return_val_if_fail (source == NULL || UPLINK_IS_STATUS_SOURCE (source), NULL);

  return g_object_new (UPLINK_TYPE_INDICATOR, "source", source, NULL);
}

/**
 * uplink_indicator_get_connection:
 * @self: an indicator
 *
 * Gets the connection @self shows.
 *
 * Returns: (transfer none) (nullable): the connection, or %NULL when @self
 *   shows no source or one that is not a connection
 *
 * Since: 1.0
 */
UplinkConnection *
uplink_indicator_get_connection (UplinkIndicator *self)
{
  g_return_val_if_fail (UPLINK_IS_INDICATOR (self), NULL);

  return UPLINK_IS_CONNECTION (self->source) ? UPLINK_CONNECTION (self->source) : NULL;
}

/**
 * uplink_indicator_set_connection:
 * @self: an indicator
 * @connection: (nullable): the connection to show
 *
 * Makes @self show @connection; the same as [method@Indicator.set_source].
 *
 * Since: 1.0
 */
void
uplink_indicator_set_connection (UplinkIndicator  *self,
                                 UplinkConnection *connection)
{
  g_return_if_fail (UPLINK_IS_INDICATOR (self));
  g_return_if_fail (connection == NULL || UPLINK_IS_CONNECTION (connection));

  uplink_indicator_set_source (self, (UplinkStatusSource *) connection);
}

/**
 * uplink_indicator_get_source:
 * @self: an indicator
 *
 * Gets the connection or model @self shows.
 *
 * Returns: (transfer none) (nullable): the source
 *
 * Since: 1.0
 */
UplinkStatusSource *
uplink_indicator_get_source (UplinkIndicator *self)
{
  g_return_val_if_fail (UPLINK_IS_INDICATOR (self), NULL);

  return self->source;
}

/**
 * uplink_indicator_set_source:
 * @self: an indicator
 * @source: (nullable): the connection or model to show
 *
 * Makes @self show @source.
 *
 * Since: 1.0
 */
void
uplink_indicator_set_source (UplinkIndicator    *self,
                             UplinkStatusSource *source)
{
  g_return_if_fail (UPLINK_IS_INDICATOR (self));
  g_return_if_fail (source == NULL || UPLINK_IS_STATUS_SOURCE (source));

  if (self->source == source)
    return;

  if (self->source != NULL)
    g_signal_handlers_disconnect_by_func (self->source, source_notify_cb, self);
  g_set_object (&self->source, source);
  if (self->source != NULL)
    g_signal_connect_swapped (self->source, "notify", G_CALLBACK (source_notify_cb), self);

  if (self->popover != NULL)
    uplink_status_popover_set_source (UPLINK_STATUS_POPOVER (self->popover), source);

  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
}

/**
 * uplink_indicator_get_show_label:
 * @self: an indicator
 *
 * Gets whether @self writes the state next to its icon.
 *
 * Returns: %TRUE if the label shows
 *
 * Since: 1.0
 */
gboolean
uplink_indicator_get_show_label (UplinkIndicator *self)
{
  g_return_val_if_fail (UPLINK_IS_INDICATOR (self), FALSE);

  return gtk_widget_get_visible (self->label);
}

/**
 * uplink_indicator_set_show_label:
 * @self: an indicator
 * @show_label: whether to write the state next to the icon
 *
 * Shows or hides the state's name next to the icon.
 *
 * Since: 1.0
 */
void
uplink_indicator_set_show_label (UplinkIndicator *self,
                                 gboolean         show_label)
{
  g_return_if_fail (UPLINK_IS_INDICATOR (self));

  show_label = !!show_label;
  if (show_label == gtk_widget_get_visible (self->label))
    return;

  gtk_widget_set_visible (self->label, show_label);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_LABEL]);
}

/**
 * uplink_indicator_get_pixel_size:
 * @self: an indicator
 *
 * Gets the icon's size.
 *
 * Returns: the size in pixels, or -1 for the theme's size
 *
 * Since: 1.0
 */
int
uplink_indicator_get_pixel_size (UplinkIndicator *self)
{
  g_return_val_if_fail (UPLINK_IS_INDICATOR (self), -1);

  return gtk_image_get_pixel_size (GTK_IMAGE (self->image));
}

/**
 * uplink_indicator_set_pixel_size:
 * @self: an indicator
 * @pixel_size: the icon's size in pixels, or -1 for the theme's size
 *
 * Sets the icon's size, say 64 for a large indicator in a window.
 *
 * Since: 1.0
 */
void
uplink_indicator_set_pixel_size (UplinkIndicator *self,
                                 int              pixel_size)
{
  g_return_if_fail (UPLINK_IS_INDICATOR (self));
  g_return_if_fail (pixel_size >= -1);

  if (pixel_size == gtk_image_get_pixel_size (GTK_IMAGE (self->image)))
    return;

  gtk_image_set_pixel_size (GTK_IMAGE (self->image), pixel_size);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PIXEL_SIZE]);
}

/*
 * uplink_indicator_get_icon_name:
 * @self: an indicator
 *
 * Gets the name of the icon @self shows for the current state; the
 * same as [property@Indicator:icon-name], for the tests.
 *
 * Returns: the icon's name
 */
const char *
uplink_indicator_get_icon_name (UplinkIndicator *self)
{
  g_return_val_if_fail (UPLINK_IS_INDICATOR (self), NULL);

  return gtk_image_get_icon_name (GTK_IMAGE (self->image));
}

/**
 * uplink_indicator_popup:
 * @self: an indicator
 *
 * Opens the status popover, as a click does.
 *
 * Since: 1.0
 */
void
uplink_indicator_popup (UplinkIndicator *self)
{
  g_return_if_fail (UPLINK_IS_INDICATOR (self));

  if (self->popover == NULL)
    {
      self->popover = uplink_status_popover_new_for_source (self->source);
      gtk_widget_set_parent (self->popover, GTK_WIDGET (self));
    }

  gtk_popover_popup (GTK_POPOVER (self->popover));
}

/**
 * uplink_indicator_popdown:
 * @self: an indicator
 *
 * Closes the status popover if it is open.
 *
 * Since: 1.0
 */
void
uplink_indicator_popdown (UplinkIndicator *self)
{
  g_return_if_fail (UPLINK_IS_INDICATOR (self));

  if (self->popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->popover));
}
