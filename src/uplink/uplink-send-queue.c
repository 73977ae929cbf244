/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "uplink-send-queue-private.h"
#include "uplink-defaults-private.h"
#include "uplink-error.h"
#include "uplink-frame.h"

/* More than a flapping network gives one message in a row. */
#define MAX_BLAMES 8

typedef struct
{
  UplinkSendQueue *queue;
  GTask *task;
  GBytes *data;
  SoupWebsocketDataType type;
  UplinkSendFlags flags;
  gint64 queued_at;
  /* The ping whose answer proves arrival; 0 until one is written. */
  gint64 ping_id;
  /* How many times in a row a connection died with it oldest in flight. */
  guint blames;
  GSource *cancel_source;
} Message;

struct _UplinkSendQueue
{
  GObject *owner;                 /* not owned: the queue lives in it */
  GParamSpec *length_pspec;
  GParamSpec *limit_pspec;
  GParamSpec *max_age_pspec;

  GQueue pending;                 /* of Message, oldest first */
  GQueue in_flight;               /* of Message, written, oldest first */
  GQueue finished;                /* of Message, with task results set */
  guint limit;
  guint max_age_s;

  SoupWebsocketConnection *socket;
  gboolean confirmable;
  /* A message blamed for a lost connection goes alone, and nothing
   * follows until the server confirms it: that tells which one it is. */
  gboolean probing;
  gint64 last_ping_id;
  guint ping_source;
  guint expiry_source;
  guint finish_source;
};

static void schedule_expiry (UplinkSendQueue *self);

static void
message_free (Message *message)
{
  if (message->cancel_source != NULL)
    {
      g_source_destroy (message->cancel_source);
      g_source_unref (message->cancel_source);
    }
  g_clear_object (&message->task);
  g_clear_pointer (&message->data, g_bytes_unref);
  g_free (message);
}

static void
notify_length (UplinkSendQueue *self)
{
  g_object_notify_by_pspec (self->owner, self->length_pspec);
}

/* Results go out from an idle callback, never from inside the change of
 * state that caused them, so a caller's callback cannot reorder the
 * connection's announcements. */
static gboolean
on_finish (gpointer user_data)
{
  UplinkSendQueue *self = user_data;
  Message *message;

  self->finish_source = 0;
  while ((message = g_queue_pop_head (&self->finished)) != NULL)
    {
      g_autoptr(GTask) task = g_steal_pointer (&message->task);
      GError *error = g_task_get_task_data (task);

      message_free (message);
      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }
  return G_SOURCE_REMOVE;
}

static void
finish (UplinkSendQueue *self,
        Message         *message,
        GError          *error)
{
  if (error != NULL)
    g_task_set_task_data (message->task, error, (GDestroyNotify) g_error_free);
  /* The data is no longer needed: drop it at once, so that messages
   * dropped by the limit do not hold memory until the main loop runs. */
  g_clear_pointer (&message->data, g_bytes_unref);
  if (message->cancel_source != NULL)
    {
      g_source_destroy (message->cancel_source);
      g_clear_pointer (&message->cancel_source, g_source_unref);
    }
  g_queue_push_tail (&self->finished, message);
  if (self->finish_source == 0)
    self->finish_source = g_idle_add (on_finish, self);
}

static void
fail (UplinkSendQueue *self,
      Message         *message,
      GQuark           domain,
      int              code,
      const char      *text)
{
  finish (self, message, g_error_new_literal (domain, code, text));
}

static gboolean
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  Message *message = user_data;
  UplinkSendQueue *self = message->queue;

  /* Only a message still waiting can be taken back. */
  if (g_queue_remove (&self->pending, message))
    {
      fail (self, message, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The message was cancelled"));
      notify_length (self);
    }
  return G_SOURCE_REMOVE;
}

UplinkSendQueue *
uplink_send_queue_new (GObject    *owner,
                       GParamSpec *length_pspec,
                       GParamSpec *limit_pspec,
                       GParamSpec *max_age_pspec)
{
  UplinkSendQueue *self = g_new0 (UplinkSendQueue, 1);

  self->owner = owner;
  self->length_pspec = length_pspec;
  self->limit_pspec = limit_pspec;
  self->max_age_pspec = max_age_pspec;
  self->limit = UPLINK_DEFAULT_SEND_QUEUE_LIMIT;
  self->max_age_s = UPLINK_DEFAULT_SEND_QUEUE_MAX_AGE_S;
  self->last_ping_id = UPLINK_SEND_QUEUE_PING_BASE;
  g_queue_init (&self->pending);
  g_queue_init (&self->in_flight);
  g_queue_init (&self->finished);
  return self;
}

/* From dispose: what is left fails at once, since the idle that would
 * report it goes with the queue. */
void
uplink_send_queue_free (UplinkSendQueue *self)
{
  if (self == NULL)
    return;

  uplink_send_queue_cancel (self);
  uplink_send_queue_socket_lost (self, 0);
  uplink_send_queue_cancel (self);
  g_clear_handle_id (&self->finish_source, g_source_remove);
  on_finish (self);
  g_clear_handle_id (&self->ping_source, g_source_remove);
  g_clear_handle_id (&self->expiry_source, g_source_remove);
  g_free (self);
}

guint
uplink_send_queue_get_length (UplinkSendQueue *self)
{
  return self->pending.length;
}

guint
uplink_send_queue_get_limit (UplinkSendQueue *self)
{
  return self->limit;
}

static void
drop_over_limit (UplinkSendQueue *self)
{
  gboolean dropped = FALSE;

  while (self->pending.length > self->limit)
    {
      fail (self, g_queue_pop_head (&self->pending), UPLINK_CONNECTION_ERROR,
            UPLINK_CONNECTION_ERROR_QUEUE_FULL,
            _("The message was dropped: too many messages were waiting"));
      dropped = TRUE;
    }
  if (dropped)
    notify_length (self);
}

void
uplink_send_queue_set_limit (UplinkSendQueue *self,
                             guint            limit)
{
  if (self->limit == limit)
    return;

  self->limit = limit;
  drop_over_limit (self);
  g_object_notify_by_pspec (self->owner, self->limit_pspec);
}

guint
uplink_send_queue_get_max_age (UplinkSendQueue *self)
{
  return self->max_age_s;
}

void
uplink_send_queue_set_max_age (UplinkSendQueue *self,
                               guint            seconds)
{
  if (self->max_age_s == seconds)
    return;

  self->max_age_s = seconds;
  schedule_expiry (self);
  g_object_notify_by_pspec (self->owner, self->max_age_pspec);
}

static gint64
deadline (UplinkSendQueue *self,
          Message         *message)
{
  return message->queued_at + (gint64) self->max_age_s * G_TIME_SPAN_SECOND;
}

static gboolean
on_expiry (gpointer user_data)
{
  UplinkSendQueue *self = user_data;
  gint64 now = g_get_monotonic_time ();
  gboolean expired = FALSE;
  Message *oldest;

  self->expiry_source = 0;
  while ((oldest = g_queue_peek_head (&self->pending)) != NULL && deadline (self, oldest) <= now)
    {
      g_queue_pop_head (&self->pending);
      fail (self, oldest, UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_EXPIRED,
            _("The message was dropped: it waited too long for a connection"));
      expired = TRUE;
    }
  schedule_expiry (self);
  if (expired)
    notify_length (self);
  return G_SOURCE_REMOVE;
}

/* One timer, for the oldest waiting message. */
static void
schedule_expiry (UplinkSendQueue *self)
{
  Message *oldest = g_queue_peek_head (&self->pending);
  gint64 wait_us;

  g_clear_handle_id (&self->expiry_source, g_source_remove);
  if (oldest == NULL)
    return;

  wait_us = MAX (deadline (self, oldest) - g_get_monotonic_time (), 0);
  self->expiry_source = g_timeout_add ((guint) MIN ((wait_us + 999) / 1000, G_MAXUINT),
                                       on_expiry, self);
}

void
uplink_send_queue_push (UplinkSendQueue       *self,
                        GTask                 *task,
                        SoupWebsocketDataType  type,
                        GBytes                *data,
                        UplinkSendFlags        flags,
                        GCancellable          *cancellable)
{
  Message *message = g_new0 (Message, 1);

  message->queue = self;
  message->task = g_object_ref (task);
  message->type = type;
  message->data = g_bytes_ref (data);
  message->flags = flags;
  message->queued_at = g_get_monotonic_time ();

  if (g_cancellable_is_cancelled (cancellable))
    {
      fail (self, message, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The message was cancelled"));
      return;
    }
  if (cancellable != NULL)
    {
      message->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (message->cancel_source, G_SOURCE_FUNC (on_cancelled), message, NULL);
      g_source_set_static_name (message->cancel_source, "uplink send cancelled");
      g_source_attach (message->cancel_source, NULL);
    }

  g_queue_push_tail (&self->pending, message);
  if (self->pending.length == 1)
    schedule_expiry (self);
  drop_over_limit (self);
  notify_length (self);
}

/* One ping per burst of writes: its answer proves them all. */
static gboolean
on_ping_due (gpointer user_data)
{
  UplinkSendQueue *self = user_data;
  g_autofree char *ping = NULL;
  gint64 id;

  self->ping_source = 0;
  if (self->socket == NULL ||
      soup_websocket_connection_get_state (self->socket) != SOUP_WEBSOCKET_STATE_OPEN)
    return G_SOURCE_REMOVE;

  id = ++self->last_ping_id;
  for (GList *l = g_queue_peek_tail_link (&self->in_flight); l != NULL; l = l->prev)
    {
      Message *message = l->data;

      if (message->ping_id != 0)
        break;
      message->ping_id = id;
    }
  ping = uplink_frame_build_ping (id);
  soup_websocket_connection_send_text (self->socket, ping);
  return G_SOURCE_REMOVE;
}

void
uplink_send_queue_flush (UplinkSendQueue         *self,
                         SoupWebsocketConnection *socket,
                         gboolean                 confirmable)
{
  Message *message;

  if (self->pending.length == 0)
    return;

  g_set_object (&self->socket, socket);
  self->confirmable = confirmable;
  /* A failed write closes the socket at once: what is left waits for the
   * next one. */
  while (!self->probing &&
         soup_websocket_connection_get_state (socket) == SOUP_WEBSOCKET_STATE_OPEN &&
         (message = g_queue_pop_head (&self->pending)) != NULL)
    {
      soup_websocket_connection_send_message (socket, message->type, message->data);
      if (!confirmable)
        {
          finish (self, message, NULL);
          continue;
        }
      g_queue_push_tail (&self->in_flight, message);
      self->probing = message->blames > 0;
    }

  if (confirmable && self->ping_source == 0)
    self->ping_source = g_idle_add (on_ping_due, self);
  schedule_expiry (self);
  notify_length (self);
}

void
uplink_send_queue_confirm (UplinkSendQueue *self,
                           gint64           ping_id)
{
  Message *message;

  if (ping_id <= UPLINK_SEND_QUEUE_PING_BASE)
    return;

  while ((message = g_queue_peek_head (&self->in_flight)) != NULL &&
         message->ping_id != 0 && message->ping_id <= ping_id)
    finish (self, g_queue_pop_head (&self->in_flight), NULL);
  /* The server got past the oldest: the next is blamed afresh. */
  if (message != NULL)
    message->blames = 0;

  if (self->probing && message == NULL && self->socket != NULL)
    {
      self->probing = FALSE;
      uplink_send_queue_flush (self, self->socket, self->confirmable);
    }
}

/*
 * The message a server refuses: the biggest in flight when it closed with
 * 1009 (message too big), or the oldest in flight when the connection was
 * lost with it oldest in flight MAX_BLAMES times in a row — a server that
 * cuts the connection on a message (too big, say, before its close frame
 * could be read) would otherwise get it again forever.
 */
static Message *
refused_message (UplinkSendQueue *self,
                 gushort          close_code)
{
  Message *oldest = g_queue_peek_head (&self->in_flight);
  Message *biggest = NULL;

  if (oldest == NULL)
    return NULL;

  if (close_code != SOUP_WEBSOCKET_CLOSE_TOO_BIG)
    return ++oldest->blames >= MAX_BLAMES ? oldest : NULL;

  for (GList *l = self->in_flight.head; l != NULL; l = l->next)
    {
      Message *message = l->data;

      if (biggest == NULL || g_bytes_get_size (message->data) > g_bytes_get_size (biggest->data))
        biggest = message;
    }
  return biggest;
}

void
uplink_send_queue_socket_lost (UplinkSendQueue *self,
                               gushort          close_code)
{
  Message *refused = refused_message (self, close_code);
  Message *message;
  GList *resend = NULL;

  g_clear_handle_id (&self->ping_source, g_source_remove);
  g_clear_object (&self->socket);
  self->probing = FALSE;

  if (refused != NULL)
    {
      g_queue_remove (&self->in_flight, refused);
      fail (self, refused, UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_PROTOCOL,
            _("The server refused the message: it closed the connection each time it was sent"));
    }

  while ((message = g_queue_pop_head (&self->in_flight)) != NULL)
    {
      if (message->flags & UPLINK_SEND_FLAGS_RETRY)
        {
          message->ping_id = 0;
          resend = g_list_prepend (resend, message);
          continue;
        }
      fail (self, message, UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_MAYBE_LOST,
            _("The connection was lost after the message was sent: it may not have arrived"));
    }

  /* Back to the front, in their order, ahead of what waited behind them. */
  for (GList *l = resend; l != NULL; l = l->next)
    g_queue_push_head (&self->pending, l->data);
  g_list_free (resend);
  if (resend != NULL)
    {
      schedule_expiry (self);
      drop_over_limit (self);
      notify_length (self);
    }
}

void
uplink_send_queue_cancel (UplinkSendQueue *self)
{
  Message *message;

  if (self->pending.length == 0)
    return;

  while ((message = g_queue_pop_head (&self->pending)) != NULL)
    fail (self, message, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The connection was stopped"));
  g_clear_handle_id (&self->expiry_source, g_source_remove);
  notify_length (self);
}
