/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include "uplink-dispatch-private.h"
#include "uplink-history-private.h"

typedef struct
{
  char *id;
  UplinkConnectionListener *listener;
  gboolean removed;
} ListenerEntry;

typedef struct
{
  GError *error;        /* an error event when set, else a state event */
  UplinkState state;
  gboolean paused;      /* the owner was not running */
  gboolean history_only; /* a pause or resume while disconnected */
  char *cause;          /* the owner's last error, for an outage */
  GStrv features;
  gint64 monotonic_time;
  gint64 wall_time;
} Event;

static ListenerEntry *
listener_entry_new (const char               *id,
                    UplinkConnectionListener *listener)
{
  ListenerEntry *entry = g_rc_box_new0 (ListenerEntry);

  entry->id = g_strdup (id);
  entry->listener = g_object_ref (listener);
  return entry;
}

static void
listener_entry_clear (ListenerEntry *entry)
{
  g_free (entry->id);
  g_object_unref (entry->listener);
}

static void
listener_entry_unref (gpointer entry)
{
  g_rc_box_release_full (entry, (GDestroyNotify) listener_entry_clear);
}

static gpointer
listener_entry_ref (gconstpointer entry,
                    gpointer      user_data)
{
  return g_rc_box_acquire ((gpointer) entry);
}

static void
event_free (Event *event)
{
  g_clear_error (&event->error);
  g_free (event->cause);
  g_strfreev (event->features);
  g_free (event);
}

static void
call_listener (UplinkDispatch *self,
               ListenerEntry  *entry,
               Event          *event)
{
  if (event->error != NULL)
    {
      uplink_connection_listener_on_connection_error (entry->listener, self->owner, event->error);
      return;
    }

  switch (event->state)
    {
    case UPLINK_STATE_DISCONNECTED:
      uplink_connection_listener_on_disconnected (entry->listener, self->owner);
      break;
    case UPLINK_STATE_CONNECTING:
      uplink_connection_listener_on_connecting (entry->listener, self->owner);
      break;
    case UPLINK_STATE_CONNECTED:
      uplink_connection_listener_on_connected (entry->listener, self->owner);
      break;
    case UPLINK_STATE_FEATURE_THROTTLED:
      uplink_connection_listener_on_feature_throttled (entry->listener, self->owner);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
emit_event_signal (UplinkDispatch *self,
                   Event          *event)
{
  static const UplinkDispatchSignal state_signals[] = {
    [UPLINK_STATE_DISCONNECTED] = UPLINK_DISPATCH_SIGNAL_DISCONNECTED,
    [UPLINK_STATE_CONNECTING] = UPLINK_DISPATCH_SIGNAL_CONNECTING,
    [UPLINK_STATE_CONNECTED] = UPLINK_DISPATCH_SIGNAL_CONNECTED,
    [UPLINK_STATE_FEATURE_THROTTLED] = UPLINK_DISPATCH_SIGNAL_FEATURE_THROTTLED,
  };

  if (event->error != NULL)
    {
      g_signal_emit (self->owner, self->signals[UPLINK_DISPATCH_SIGNAL_CONNECTION_ERROR], 0, event->error);
      return;
    }

  uplink_history_add_full (self->history, event->state, event->monotonic_time, event->wall_time,
                           event->paused, event->cause);
  if (event->history_only)
    return;

  g_object_notify_by_pspec (G_OBJECT (self->owner), self->state_pspec);
  g_object_notify_by_pspec (G_OBJECT (self->owner), self->status_pspec);
  if (event->state == UPLINK_STATE_FEATURE_THROTTLED)
    g_signal_emit (self->owner, self->signals[UPLINK_DISPATCH_SIGNAL_FEATURE_THROTTLED], 0, event->features);
  else
    g_signal_emit (self->owner, self->signals[state_signals[event->state]], 0);
}

static void
deliver (UplinkDispatch *self,
         Event          *event)
{
  g_autoptr(GPtrArray) snapshot = NULL;

  emit_event_signal (self, event);
  if (event->history_only)
    return;

  /* A callback may have dropped the owner's last other reference: its
   * dispose then cleared the listeners. */
  if (self->listeners == NULL)
    return;

  /* Listeners added or removed by a callback take effect for the next
   * event; one removed is never called again, even in this one. */
  snapshot = g_ptr_array_copy (self->listeners, listener_entry_ref, NULL);
  g_ptr_array_set_free_func (snapshot, listener_entry_unref);
  for (guint i = 0; i < snapshot->len; i++)
    {
      ListenerEntry *entry = g_ptr_array_index (snapshot, i);

      if (!entry->removed)
        call_listener (self, entry, event);
    }
}

/*
 * Events go out one at a time and in order: an event raised by a callback
 * waits until every observer has seen the one before it.
 */
static void
queue_event (UplinkDispatch *self,
             Event          *event)
{
  GObject *owner = G_OBJECT (self->owner);

  g_queue_push_tail (&self->events, event);
  if (self->dispatching)
    return;

  g_object_ref (owner);
  self->dispatching = TRUE;
  while ((event = g_queue_pop_head (&self->events)) != NULL)
    {
      deliver (self, event);
      event_free (event);
    }
  self->dispatching = FALSE;
  g_object_unref (owner);
}

static Event *
state_event_new (UplinkDispatch *self,
                 UplinkState     state)
{
  Event *event = g_new0 (Event, 1);
  const GError *error = uplink_status_source_get_last_error (self->owner);

  event->state = state;
  event->paused = !uplink_status_source_get_running (self->owner) &&
                  state == UPLINK_STATE_DISCONNECTED;
  /* The error that took the connection down; a pause has none. */
  if (state == UPLINK_STATE_DISCONNECTED && !event->paused && error != NULL)
    event->cause = g_strdup (error->message);
  event->monotonic_time = g_get_monotonic_time ();
  event->wall_time = g_get_real_time ();
  return event;
}

/* A pause or a resume that does not change the state (monitoring paused
 * while waiting to retry, or resumed before the next attempt) still
 * tells the history: a pause is not an outage. */
static void
running_changed_cb (GObject    *owner,
                    GParamSpec *pspec,
                    gpointer    data)
{
  UplinkDispatch *self = data;
  UplinkState latest;
  guint n_entries = uplink_history_get_n_entries (self->history);
  gboolean paused = !uplink_status_source_get_running (self->owner);
  Event *event;

  if (!uplink_history_get_latest (self->history, &latest, NULL, NULL) ||
      latest != UPLINK_STATE_DISCONNECTED ||
      uplink_status_source_get_state (self->owner) != UPLINK_STATE_DISCONNECTED ||
      uplink_history_get_entry_paused (self->history, n_entries - 1) == paused)
    return;

  event = state_event_new (self, UPLINK_STATE_DISCONNECTED);
  event->history_only = TRUE;
  queue_event (self, event);
}

void
uplink_dispatch_init (UplinkDispatch     *self,
                      UplinkStatusSource *owner,
                      UplinkHistory      *history,
                      GParamSpec         *state_pspec,
                      GParamSpec         *status_pspec,
                      const guint        *signals)
{
  self->owner = owner;
  self->history = history;
  self->state_pspec = state_pspec;
  self->status_pspec = status_pspec;
  self->signals = signals;
  self->listeners = g_ptr_array_new_with_free_func (listener_entry_unref);
  g_queue_init (&self->events);
  g_signal_connect (owner, "notify::running", G_CALLBACK (running_changed_cb), self);
}

/* From dispose: listeners go, and with them events not yet delivered. */
void
uplink_dispatch_clear (UplinkDispatch *self)
{
  g_signal_handlers_disconnect_by_func (self->owner, running_changed_cb, self);
  g_clear_pointer (&self->listeners, g_ptr_array_unref);
  g_queue_clear_full (&self->events, (GDestroyNotify) event_free);
}

static ListenerEntry *
find_listener (UplinkDispatch *self,
               const char     *id,
               guint          *index)
{
  for (guint i = 0; i < self->listeners->len; i++)
    {
      ListenerEntry *entry = g_ptr_array_index (self->listeners, i);

      if (g_strcmp0 (entry->id, id) == 0)
        {
          *index = i;
          return entry;
        }
    }

  return NULL;
}

void
uplink_dispatch_add_listener (UplinkDispatch           *self,
                              const char               *id,
                              UplinkConnectionListener *listener)
{
  uplink_dispatch_remove_listener (self, id);
  if (self->listeners != NULL)
    g_ptr_array_add (self->listeners, listener_entry_new (id, listener));
}

gboolean
uplink_dispatch_remove_listener (UplinkDispatch *self,
                                 const char     *id)
{
  ListenerEntry *entry;
  guint index;

  if (self->listeners == NULL)
    return FALSE;

  entry = find_listener (self, id, &index);
  if (entry == NULL)
    return FALSE;

  entry->removed = TRUE;
  g_ptr_array_remove_index (self->listeners, index);
  return TRUE;
}

void
uplink_dispatch_state (UplinkDispatch     *self,
                       UplinkState         state,
                       const char * const *features)
{
  Event *event = state_event_new (self, state);

  event->features = g_strdupv ((char **) features);
  queue_event (self, event);
}

void
uplink_dispatch_error (UplinkDispatch *self,
                       const GError   *error)
{
  Event *event = g_new0 (Event, 1);

  event->error = g_error_copy (error);
  queue_event (self, event);
}

/* The signals of the states and of errors, documented with each type. */
void
uplink_dispatch_new_signals (GType  type,
                             guint *signals)
{
  static const char * const state_names[] = {
    [UPLINK_DISPATCH_SIGNAL_CONNECTED] = "connected",
    [UPLINK_DISPATCH_SIGNAL_CONNECTING] = "connecting",
    [UPLINK_DISPATCH_SIGNAL_DISCONNECTED] = "disconnected",
  };

  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    signals[i] = g_signal_new (state_names[i], type, G_SIGNAL_RUN_LAST,
                               0, NULL, NULL, NULL,
                               G_TYPE_NONE, 0);

  signals[UPLINK_DISPATCH_SIGNAL_FEATURE_THROTTLED] =
    g_signal_new ("feature-throttled", type, G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRV);
  signals[UPLINK_DISPATCH_SIGNAL_CONNECTION_ERROR] =
    g_signal_new ("connection-error", type, G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}
