/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include "uplink-websocket-stream-private.h"

struct _UplinkWebsocketStream
{
  GSocketConnection parent_instance;

  GIOStream *base;
  UplinkWebsocketInput *input;
};

G_DEFINE_FINAL_TYPE (UplinkWebsocketStream, uplink_websocket_stream, G_TYPE_SOCKET_CONNECTION)

static GInputStream *
uplink_websocket_stream_get_input_stream (GIOStream *stream)
{
  return G_INPUT_STREAM (UPLINK_WEBSOCKET_STREAM (stream)->input);
}

static GOutputStream *
uplink_websocket_stream_get_output_stream (GIOStream *stream)
{
  return g_io_stream_get_output_stream (UPLINK_WEBSOCKET_STREAM (stream)->base);
}

static gboolean
uplink_websocket_stream_close (GIOStream     *stream,
                               GCancellable  *cancellable,
                               GError       **error)
{
  return g_io_stream_close (UPLINK_WEBSOCKET_STREAM (stream)->base, cancellable, error);
}

static void
on_base_closed (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (g_io_stream_close_finish (G_IO_STREAM (source), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* Closing a TLS connection says goodbye to the server: done without
 * blocking, unlike GIOStream's default, which closes in a thread. */
static void
uplink_websocket_stream_close_async (GIOStream           *stream,
                                     int                  io_priority,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GTask *task = g_task_new (stream, cancellable, callback, user_data);

  g_task_set_source_tag (task, uplink_websocket_stream_close_async);
  g_io_stream_close_async (UPLINK_WEBSOCKET_STREAM (stream)->base, io_priority, cancellable,
                           on_base_closed, task);
}

static gboolean
uplink_websocket_stream_close_finish (GIOStream     *stream,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, stream), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
uplink_websocket_stream_dispose (GObject *object)
{
  UplinkWebsocketStream *self = UPLINK_WEBSOCKET_STREAM (object);

  /* GIOStream closes an open stream here, through the base. */
  G_OBJECT_CLASS (uplink_websocket_stream_parent_class)->dispose (object);

  g_clear_object (&self->input);
  g_clear_object (&self->base);
}

static void
uplink_websocket_stream_class_init (UplinkWebsocketStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GIOStreamClass *stream_class = G_IO_STREAM_CLASS (klass);

  object_class->dispose = uplink_websocket_stream_dispose;
  stream_class->get_input_stream = uplink_websocket_stream_get_input_stream;
  stream_class->get_output_stream = uplink_websocket_stream_get_output_stream;
  stream_class->close_fn = uplink_websocket_stream_close;
  stream_class->close_async = uplink_websocket_stream_close_async;
  stream_class->close_finish = uplink_websocket_stream_close_finish;
}

static void
uplink_websocket_stream_init (UplinkWebsocketStream *self)
{
}

/*
 * @prefix (nullable): bytes already read from @base, handed on first.
 *
 * A socket connection itself, of the TCP socket under any TLS, because
 * that is how libsoup 3.2 knows to shut the socket down for writing
 * once the close handshake is done: servers that disconnect gracefully
 * wait for that before they let go of the connection.
 */
UplinkWebsocketStream *
uplink_websocket_stream_new (GSocketConnection *base,
                             GBytes            *prefix)
{
  UplinkWebsocketStream *self = g_object_new (UPLINK_TYPE_WEBSOCKET_STREAM,
                                              "socket", g_socket_connection_get_socket (base),
                                              NULL);

  self->base = G_IO_STREAM (g_object_ref (base));
  self->input = uplink_websocket_input_new (g_io_stream_get_input_stream (self->base), prefix);
  return self;
}

UplinkWebsocketInput *
uplink_websocket_stream_get_input (UplinkWebsocketStream *self)
{
  g_return_val_if_fail (UPLINK_IS_WEBSOCKET_STREAM (self), NULL);

  return self->input;
}
