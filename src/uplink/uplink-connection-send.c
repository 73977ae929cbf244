/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "uplink-connection.h"
#include "uplink-connection-private.h"
#include "uplink-send-queue-private.h"

/*
 * Sending, for UplinkConnection: the public API of send_text_async() and
 * its siblings. The queue itself is uplink-send-queue.c; the connection
 * calls uplink_connection_flush_sends() whenever it becomes connected.
 */

static gboolean
is_up (UplinkConnection *self)
{
  return (self->state == UPLINK_STATE_CONNECTED || self->state == UPLINK_STATE_FEATURE_THROTTLED) &&
         self->socket != NULL;
}

/* Writes what waits, if the connection is up. */
void
uplink_connection_flush_sends (UplinkConnection *self)
{
  if (is_up (self) && self->send_queue != NULL)
    uplink_send_queue_flush (self->send_queue, self->socket, uplink_connection_speaks_uplink_v1 (self));
}

static void
send_async (UplinkConnection      *self,
            SoupWebsocketDataType  type,
            GBytes                *data,
            UplinkSendFlags        flags,
            GCancellable          *cancellable,
            gpointer               source_tag,
            GAsyncReadyCallback    callback,
            gpointer               user_data)
{
  /* No source object: a message waiting for a connection must not keep
   * the connection alive after its owner let go of it. */
  g_autoptr(GTask) task = g_task_new (NULL, NULL, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_name (task, "uplink send");
  if (self->send_queue == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CLOSED, "%s", _("The connection is gone"));
      return;
    }

  uplink_send_queue_push (self->send_queue, task, type, data, flags, cancellable);
  uplink_connection_flush_sends (self);
}

static gboolean
send_finish (GAsyncResult  *result,
             gpointer       source_tag,
             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * uplink_connection_send_text_async:
 * @self: a connection
 * @text: the text to send, UTF-8, possibly empty
 * @flags: how hard to try
 * @cancellable: (nullable): cancels the message while it waits
 * @callback: (scope async): called when the message is done
 * @user_data: data for @callback
 *
 * Sends @text as a text frame, now if the connection is up, otherwise as
 * soon as it is.
 *
 * Messages are written in the order they were given, once the connection
 * is established and before [property@Connection:state] announces
 * connected, so that they stay ahead of what callbacks send in answer.
 * While the connection is down they wait in a queue bounded by
 * [property@Connection:send-queue-limit] and
 * [property@Connection:send-queue-max-age]; beyond those the oldest fails
 * with [error@Uplink.ConnectionError.QUEUE_FULL] or
 * [error@Uplink.ConnectionError.EXPIRED]. [method@Connection.stop] fails
 * waiting messages with %G_IO_ERROR_CANCELLED, and so does @cancellable
 * while the message waits.
 *
 * The message is done when it has been handed to the socket and, if the
 * server speaks protocol v1 (`uplink.v1`), once the answer to a ping
 * written after it proves that the server read it. If the connection is
 * lost before that, the message fails with
 * [error@Uplink.ConnectionError.MAYBE_LOST] — it is never sent twice —
 * unless @flags has %UPLINK_SEND_FLAGS_RETRY: then it goes back to the
 * front of the queue and is sent again on the next connection, so it
 * arrives at least once. A server that closes with 1009 (message too big)
 * fails the biggest message it was sent with
 * [error@Uplink.ConnectionError.PROTOCOL], and only that one.
 *
 * @callback gets no source object, since the message does not keep the
 * connection alive: call [method@Connection.send_text_finish] with the
 * result. Dropping the connection fails what is left.
 *
 * Since: 1.0
 */
void
uplink_connection_send_text_async (UplinkConnection    *self,
                                   const char          *text,
                                   UplinkSendFlags      flags,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GBytes) data = NULL;

  g_return_if_fail (UPLINK_IS_CONNECTION (self));
  g_return_if_fail (text != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_task_report_new_error (NULL, callback, user_data, uplink_connection_send_text_async,
                               G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               "%s", _("The message is not valid UTF-8"));
      return;
    }

  data = g_bytes_new (text, strlen (text));
  send_async (self, SOUP_WEBSOCKET_DATA_TEXT, data, flags, cancellable,
              uplink_connection_send_text_async, callback, user_data);
}

/**
 * uplink_connection_send_text_finish:
 * @self: (nullable): the connection, or %NULL once it may be gone
 * @result: the result given to the callback
 * @error: where to put what went wrong
 *
 * Finishes [method@Connection.send_text_async].
 *
 * Returns: %TRUE if the message was sent (and, with protocol v1,
 *   received)
 *
 * Since: 1.0
 */
gboolean
uplink_connection_send_text_finish (UplinkConnection  *self,
                                    GAsyncResult      *result,
                                    GError           **error)
{
  g_return_val_if_fail (self == NULL || UPLINK_IS_CONNECTION (self), FALSE);

  return send_finish (result, uplink_connection_send_text_async, error);
}

/**
 * uplink_connection_send_binary_async:
 * @self: a connection
 * @data: the bytes to send, possibly none
 * @flags: how hard to try
 * @cancellable: (nullable): cancels the message while it waits
 * @callback: (scope async): called when the message is done
 * @user_data: data for @callback
 *
 * Sends @data as a binary frame, queued and ordered together with the
 * text messages, exactly as [method@Connection.send_text_async] does.
 *
 * Since: 1.0
 */
void
uplink_connection_send_binary_async (UplinkConnection    *self,
                                     GBytes              *data,
                                     UplinkSendFlags      flags,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (UPLINK_IS_CONNECTION (self));
  g_return_if_fail (data != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  send_async (self, SOUP_WEBSOCKET_DATA_BINARY, data, flags, cancellable,
              uplink_connection_send_binary_async, callback, user_data);
}

/**
 * uplink_connection_send_binary_finish:
 * @self: (nullable): the connection, or %NULL once it may be gone
 * @result: the result given to the callback
 * @error: where to put what went wrong
 *
 * Finishes [method@Connection.send_binary_async].
 *
 * Returns: %TRUE if the message was sent (and, with protocol v1,
 *   received)
 *
 * Since: 1.0
 */
gboolean
uplink_connection_send_binary_finish (UplinkConnection  *self,
                                      GAsyncResult      *result,
                                      GError           **error)
{
  g_return_val_if_fail (self == NULL || UPLINK_IS_CONNECTION (self), FALSE);

  return send_finish (result, uplink_connection_send_binary_async, error);
}

/**
 * uplink_connection_get_send_queue_limit:
 * @self: a connection
 *
 * Gets [property@Connection:send-queue-limit].
 *
 * Returns: how many messages may wait
 *
 * Since: 1.0
 */
guint
uplink_connection_get_send_queue_limit (UplinkConnection *self)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), 0);

  return self->send_queue != NULL ? uplink_send_queue_get_limit (self->send_queue) : 0;
}

/**
 * uplink_connection_set_send_queue_limit:
 * @self: a connection
 * @limit: how many messages may wait, at least 1
 *
 * Sets [property@Connection:send-queue-limit]; messages beyond a lower
 * limit fail at once, the oldest first.
 *
 * Since: 1.0
 */
void
uplink_connection_set_send_queue_limit (UplinkConnection *self,
                                        guint             limit)
{
  g_return_if_fail (UPLINK_IS_CONNECTION (self));
  g_return_if_fail (limit >= 1);

  if (self->send_queue != NULL)
    uplink_send_queue_set_limit (self->send_queue, limit);
}

/**
 * uplink_connection_get_send_queue_max_age:
 * @self: a connection
 *
 * Gets [property@Connection:send-queue-max-age].
 *
 * Returns: seconds
 *
 * Since: 1.0
 */
guint
uplink_connection_get_send_queue_max_age (UplinkConnection *self)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), 0);

  return self->send_queue != NULL ? uplink_send_queue_get_max_age (self->send_queue) : 0;
}

/**
 * uplink_connection_set_send_queue_max_age:
 * @self: a connection
 * @seconds: how long a message may wait for the connection
 *
 * Sets [property@Connection:send-queue-max-age].
 *
 * Since: 1.0
 */
void
uplink_connection_set_send_queue_max_age (UplinkConnection *self,
                                          guint             seconds)
{
  g_return_if_fail (UPLINK_IS_CONNECTION (self));
  g_return_if_fail (seconds <= G_MAXUINT / 1000);

  if (self->send_queue != NULL)
    uplink_send_queue_set_max_age (self->send_queue, seconds);
}

/**
 * uplink_connection_get_send_queue_length:
 * @self: a connection
 *
 * Gets [property@Connection:send-queue-length].
 *
 * Returns: how many messages wait, not yet written
 *
 * Since: 1.0
 */
guint
uplink_connection_get_send_queue_length (UplinkConnection *self)
{
  g_return_val_if_fail (UPLINK_IS_CONNECTION (self), 0);

  return self->send_queue != NULL ? uplink_send_queue_get_length (self->send_queue) : 0;
}
