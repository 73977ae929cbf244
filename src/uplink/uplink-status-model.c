/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include "uplink-status-model.h"
#include "uplink-dispatch-private.h"
#include "uplink-enums.h"
#include "uplink-history-private.h"

/**
 * UplinkStatusModel:
 *
 * A [iface@StatusSource] that an application drives from its own
 * connection.
 *
 * A chat client that already has its connection (XMPP, Matrix, …) maps
 * that connection's events into a model — [method@StatusModel.set_state],
 * [method@StatusModel.report_error], [method@StatusModel.set_throttled],
 * [method@StatusModel.set_next_retry] — and hands the model to Uplink's
 * widgets instead of opening a second socket for them.
 *
 * A model announces changes exactly as [class@Connection] does: the state
 * is stored, [property@StatusSource:state] is notified, the signal named
 * after the new state is emitted, then each listener added with
 * [method@StatusModel.add_listener] is called in the order it was added.
 * Report a failure with [method@StatusModel.report_error] before the
 * state change it causes. Callbacks may call any method of the model; a
 * change made from a callback is announced after the current one has
 * reached everyone.
 *
 * A model has no way to reconnect or pause: the widgets hide those
 * buttons.
 *
 * Since: 1.0
 */

struct _UplinkStatusModel
{
  GObject parent_instance;

  UplinkState state;
  GError *last_error;
  GStrv throttled_features;
  guint attempt;
  gint64 next_retry;
  gint64 latency;
  gboolean running;
  UplinkHistory *history;
  UplinkDispatch dispatch;
};

enum {
  PROP_0,
  PROP_STATE,
  PROP_STATUS,
  PROP_LAST_ERROR,
  PROP_THROTTLED_FEATURES,
  PROP_ATTEMPT,
  PROP_NEXT_RETRY,
  PROP_LATENCY,
  PROP_HISTORY,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
static guint signals[UPLINK_DISPATCH_N_SIGNALS];

static void uplink_status_model_status_source_init (UplinkStatusSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (UplinkStatusModel, uplink_status_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (UPLINK_TYPE_STATUS_SOURCE,
                                                      uplink_status_model_status_source_init))

static UplinkState
get_state (UplinkStatusSource *source)
{
  return UPLINK_STATUS_MODEL (source)->state;
}

static const GError *
get_last_error (UplinkStatusSource *source)
{
  return UPLINK_STATUS_MODEL (source)->last_error;
}

static const char * const *
get_throttled_features (UplinkStatusSource *source)
{
  return (const char * const *) UPLINK_STATUS_MODEL (source)->throttled_features;
}

static gint64
get_next_retry (UplinkStatusSource *source)
{
  return UPLINK_STATUS_MODEL (source)->next_retry;
}

static guint
get_attempt (UplinkStatusSource *source)
{
  return UPLINK_STATUS_MODEL (source)->attempt;
}

static gint64
get_latency (UplinkStatusSource *source)
{
  return UPLINK_STATUS_MODEL (source)->latency;
}

static UplinkHistory *
get_history (UplinkStatusSource *source)
{
  return UPLINK_STATUS_MODEL (source)->history;
}

static gboolean
get_running (UplinkStatusSource *source)
{
  return UPLINK_STATUS_MODEL (source)->running;
}

static void
uplink_status_model_status_source_init (UplinkStatusSourceInterface *iface)
{
  iface->get_state = get_state;
  iface->get_last_error = get_last_error;
  iface->get_throttled_features = get_throttled_features;
  iface->get_next_retry = get_next_retry;
  iface->get_attempt = get_attempt;
  iface->get_latency = get_latency;
  iface->get_history = get_history;
  iface->get_running = get_running;
}

static void
uplink_status_model_dispose (GObject *object)
{
  UplinkStatusModel *self = UPLINK_STATUS_MODEL (object);

  uplink_dispatch_clear (&self->dispatch);

  G_OBJECT_CLASS (uplink_status_model_parent_class)->dispose (object);
}

static void
uplink_status_model_finalize (GObject *object)
{
  UplinkStatusModel *self = UPLINK_STATUS_MODEL (object);

  g_clear_error (&self->last_error);
  g_clear_pointer (&self->throttled_features, g_strfreev);
  g_clear_object (&self->history);

  G_OBJECT_CLASS (uplink_status_model_parent_class)->finalize (object);
}

static void
uplink_status_model_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  UplinkStatusSource *source = UPLINK_STATUS_SOURCE (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, uplink_status_source_get_state (source));
      break;
    case PROP_STATUS:
      g_value_set_string (value, uplink_status_source_get_status (source));
      break;
    case PROP_LAST_ERROR:
      g_value_set_boxed (value, uplink_status_source_get_last_error (source));
      break;
    case PROP_THROTTLED_FEATURES:
      g_value_set_boxed (value, uplink_status_source_get_throttled_features (source));
      break;
    case PROP_ATTEMPT:
      g_value_set_uint (value, uplink_status_source_get_attempt (source));
      break;
    case PROP_NEXT_RETRY:
      g_value_set_int64 (value, uplink_status_source_get_next_retry (source));
      break;
    case PROP_LATENCY:
      g_value_set_int64 (value, uplink_status_source_get_latency (source));
      break;
    case PROP_HISTORY:
      g_value_set_object (value, uplink_status_source_get_history (source));
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, uplink_status_source_get_running (source));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
uplink_status_model_class_init (UplinkStatusModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  static const char * const names[N_PROPS] = {
    [PROP_STATE] = "state",
    [PROP_STATUS] = "status",
    [PROP_LAST_ERROR] = "last-error",
    [PROP_THROTTLED_FEATURES] = "throttled-features",
    [PROP_ATTEMPT] = "attempt",
    [PROP_NEXT_RETRY] = "next-retry",
    [PROP_LATENCY] = "latency",
    [PROP_HISTORY] = "history",
    [PROP_RUNNING] = "running",
  };

  object_class->dispose = uplink_status_model_dispose;
  object_class->finalize = uplink_status_model_finalize;
  object_class->get_property = uplink_status_model_get_property;

  for (guint prop = 1; prop < N_PROPS; prop++)
    {
      g_object_class_override_property (object_class, prop, names[prop]);
      properties[prop] = g_object_class_find_property (object_class, names[prop]);
    }

  /**
   * UplinkStatusModel::connected:
   * @self: the model
   *
   * Emitted when the state becomes connected.
   *
   * Since: 1.0
   */

  /**
   * UplinkStatusModel::connecting:
   * @self: the model
   *
   * Emitted when the state becomes connecting.
   *
   * Since: 1.0
   */

  /**
   * UplinkStatusModel::disconnected:
   * @self: the model
   *
   * Emitted when the state becomes disconnected; an error reported for it
   * with [method@StatusModel.report_error] came first.
   *
   * Since: 1.0
   */

  /**
   * UplinkStatusModel::feature-throttled:
   * @self: the model
   * @features: (array zero-terminated=1): the features the server paused
   *
   * Emitted when the state becomes featureThrottled.
   *
   * Since: 1.0
   */

  /**
   * UplinkStatusModel::connection-error:
   * @self: the model
   * @error: the failure
   *
   * Emitted for [method@StatusModel.report_error], before the state change
   * the failure causes.
   *
   * Since: 1.0
   */
  uplink_dispatch_new_signals (G_TYPE_FROM_CLASS (klass), signals);
}

static void
uplink_status_model_init (UplinkStatusModel *self)
{
  self->state = UPLINK_STATE_DISCONNECTED;
  self->latency = -1;
  self->running = TRUE;
  self->throttled_features = g_new0 (char *, 1);
  self->history = uplink_history_new (UPLINK_HISTORY_DEFAULT_CAPACITY);
  uplink_history_add (self->history, self->state, g_get_monotonic_time (), g_get_real_time ());
  uplink_dispatch_init (&self->dispatch, UPLINK_STATUS_SOURCE (self), self->history,
                        properties[PROP_STATE], properties[PROP_STATUS], signals);
}

/**
 * uplink_status_model_new:
 *
 * Creates a model, disconnected and running, with an empty history.
 *
 * Returns: (transfer full): a new model
 *
 * Since: 1.0
 */
UplinkStatusModel *
uplink_status_model_new (void)
{
  return g_object_new (UPLINK_TYPE_STATUS_MODEL, NULL);
}

static void
set_features (UplinkStatusModel  *self,
              const char * const *features)
{
  static const char * const none[] = { NULL };

  if (features == NULL)
    features = none;
  if (g_strv_equal ((const char * const *) self->throttled_features, features))
    return;

  g_strfreev (self->throttled_features);
  self->throttled_features = g_strdupv ((char **) features);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THROTTLED_FEATURES]);
}

/**
 * uplink_status_model_set_state:
 * @self: a model
 * @state: the new state
 *
 * Moves @self to @state and announces it, as a connection does.
 *
 * Leaving [enum@Uplink.State.FEATURE_THROTTLED] clears the paused
 * features; reaching [enum@Uplink.State.CONNECTED] clears the last error.
 * Does nothing if @self is already in @state.
 *
 * Since: 1.0
 */
void
uplink_status_model_set_state (UplinkStatusModel *self,
                               UplinkState        state)
{
  g_return_if_fail (UPLINK_IS_STATUS_MODEL (self));
  g_return_if_fail (state <= UPLINK_STATE_FEATURE_THROTTLED);

  if (self->state == state)
    return;

  self->state = state;
  if (state != UPLINK_STATE_FEATURE_THROTTLED)
    set_features (self, NULL);
  if (state == UPLINK_STATE_CONNECTED && self->last_error != NULL)
    {
      g_clear_error (&self->last_error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
    }

  uplink_dispatch_state (&self->dispatch, state, (const char * const *) self->throttled_features);
}

/**
 * uplink_status_model_report_error:
 * @self: a model
 * @error: what failed
 *
 * Stores @error as [property@StatusSource:last-error] and announces it
 * with [signal@StatusModel::connection-error] and the listeners'
 * `on_connection_error`.
 *
 * Report a failure before the state change it causes, as a connection
 * does. The message is shown to people as it is: it must not hold
 * secrets.
 *
 * Since: 1.0
 */
void
uplink_status_model_report_error (UplinkStatusModel *self,
                                  const GError      *error)
{
  g_return_if_fail (UPLINK_IS_STATUS_MODEL (self));
  g_return_if_fail (error != NULL);

  g_clear_error (&self->last_error);
  self->last_error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
  uplink_dispatch_error (&self->dispatch, error);
}

/**
 * uplink_status_model_set_throttled:
 * @self: a model
 * @features: (array zero-terminated=1) (nullable): the features the
 *   server paused
 *
 * Records that the server paused @features and moves @self to
 * [enum@Uplink.State.FEATURE_THROTTLED]; call
 * [method@StatusModel.set_state] with [enum@Uplink.State.CONNECTED] when
 * the server lifts the throttle.
 *
 * Since: 1.0
 */
void
uplink_status_model_set_throttled (UplinkStatusModel  *self,
                                   const char * const *features)
{
  g_return_if_fail (UPLINK_IS_STATUS_MODEL (self));

  set_features (self, features);
  uplink_status_model_set_state (self, UPLINK_STATE_FEATURE_THROTTLED);
}

/**
 * uplink_status_model_set_next_retry:
 * @self: a model
 * @next_retry: when the next attempt starts, in g_get_monotonic_time()
 *   microseconds, or 0 for none
 *
 * Sets [property@StatusSource:next-retry], which the widgets count down.
 *
 * Since: 1.0
 */
void
uplink_status_model_set_next_retry (UplinkStatusModel *self,
                                    gint64             next_retry)
{
  g_return_if_fail (UPLINK_IS_STATUS_MODEL (self));
  g_return_if_fail (next_retry >= 0);

  if (self->next_retry == next_retry)
    return;

  self->next_retry = next_retry;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_RETRY]);
}

/**
 * uplink_status_model_set_attempt:
 * @self: a model
 * @attempt: how many attempts failed in a row
 *
 * Sets [property@StatusSource:attempt].
 *
 * Since: 1.0
 */
void
uplink_status_model_set_attempt (UplinkStatusModel *self,
                                 guint              attempt)
{
  g_return_if_fail (UPLINK_IS_STATUS_MODEL (self));

  if (self->attempt == attempt)
    return;

  self->attempt = attempt;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ATTEMPT]);
}

/**
 * uplink_status_model_set_latency:
 * @self: a model
 * @latency: the last round trip in microseconds, or -1 when unknown
 *
 * Sets [property@StatusSource:latency].
 *
 * Since: 1.0
 */
void
uplink_status_model_set_latency (UplinkStatusModel *self,
                                 gint64             latency)
{
  g_return_if_fail (UPLINK_IS_STATUS_MODEL (self));
  g_return_if_fail (latency >= -1);

  if (self->latency == latency)
    return;

  self->latency = latency;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LATENCY]);
}

/**
 * uplink_status_model_set_running:
 * @self: a model
 * @running: whether the application watches its connection
 *
 * Sets [property@StatusSource:running]; a disconnected model that is not
 * running shows as paused.
 *
 * Since: 1.0
 */
void
uplink_status_model_set_running (UplinkStatusModel *self,
                                 gboolean           running)
{
  g_return_if_fail (UPLINK_IS_STATUS_MODEL (self));

  running = !!running;
  if (self->running == running)
    return;

  self->running = running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/**
 * uplink_status_model_add_listener:
 * @self: a model
 * @id: an id for the listener
 * @listener: the listener
 *
 * Adds @listener under @id, as [method@Connection.add_listener] does: a
 * listener already added under @id is replaced.
 *
 * Since: 1.0
 */
void
uplink_status_model_add_listener (UplinkStatusModel        *self,
                                  const char               *id,
                                  UplinkConnectionListener *listener)
{
  g_return_if_fail (UPLINK_IS_STATUS_MODEL (self));
  g_return_if_fail (id != NULL);
  g_return_if_fail (UPLINK_IS_CONNECTION_LISTENER (listener));

  uplink_dispatch_add_listener (&self->dispatch, id, listener);
}

/**
 * uplink_status_model_remove_listener:
 * @self: a model
 * @id: the id the listener was added under
 *
 * Removes the listener added under @id; it is not called again, even for
 * an event being delivered right now.
 *
 * Returns: `TRUE` if a listener was removed
 *
 * Since: 1.0
 */
gboolean
uplink_status_model_remove_listener (UplinkStatusModel *self,
                                     const char        *id)
{
  g_return_val_if_fail (UPLINK_IS_STATUS_MODEL (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  return uplink_dispatch_remove_listener (&self->dispatch, id);
}
