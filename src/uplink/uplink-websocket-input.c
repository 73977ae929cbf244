/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <string.h>

#include "uplink-websocket-input-private.h"

struct _UplinkWebsocketInput
{
  GInputStream parent_instance;

  GInputStream *base;
  /* What the handshake read past the HTTP response; NULL once handed on. */
  GBytes *prefix;
  gsize prefix_offset;

  /* Left to read in this main-loop dispatch. */
  gsize quota;
  /* Bytes read since the last complete message, and how many may be; 0
   * for no limit. */
  guint64 since_message;
  guint64 limit;
  gboolean overflowed;
  GSource *overflow_source;
};

enum {
  SIGNAL_OVERFLOW,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void uplink_websocket_input_pollable_init (GPollableInputStreamInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (UplinkWebsocketInput, uplink_websocket_input, G_TYPE_INPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_POLLABLE_INPUT_STREAM,
                                                      uplink_websocket_input_pollable_init))

/*
 * The source libsoup waits on: ready when the base stream is, or at once
 * when a quota ran out or handshake bytes wait. Each dispatch is a new
 * main-loop iteration, so it hands out a new quota.
 */
typedef struct
{
  GSource source;
  UplinkWebsocketInput *input;
} RationSource;

static gboolean
ration_source_dispatch (GSource     *source,
                        GSourceFunc  callback,
                        gpointer     user_data)
{
  RationSource *ration = (RationSource *) source;
  GPollableSourceFunc func = (GPollableSourceFunc) (void (*) (void)) callback;

  g_source_set_ready_time (source, -1);
  ration->input->quota = UPLINK_WEBSOCKET_INPUT_QUOTA;
  return func (G_OBJECT (ration->input), user_data);
}

static void
ration_source_finalize (GSource *source)
{
  g_clear_object (&((RationSource *) source)->input);
}

static GSourceFuncs ration_source_funcs = {
  .dispatch = ration_source_dispatch,
  .finalize = ration_source_finalize,
};

static void
add_child (GSource *source,
           GSource *child)
{
  g_source_set_dummy_callback (child);
  g_source_add_child_source (source, child);
  g_source_unref (child);
}

static gboolean
emit_overflow (gpointer user_data)
{
  g_autoptr(UplinkWebsocketInput) self = g_object_ref (user_data);

  g_clear_pointer (&self->overflow_source, g_source_unref);
  g_signal_emit (self, signals[SIGNAL_OVERFLOW], 0);
  return G_SOURCE_REMOVE;
}

/* Told from the main loop: the reader may be in the middle of a read
 * that must not see its connection go. */
static void
overflow (UplinkWebsocketInput *self)
{
  self->overflowed = TRUE;
  self->overflow_source = g_idle_source_new ();
  g_source_set_priority (self->overflow_source, G_PRIORITY_DEFAULT);
  g_source_set_callback (self->overflow_source, emit_overflow, self, NULL);
  g_source_set_static_name (self->overflow_source, "[uplink] websocket input overflow");
  g_source_attach (self->overflow_source, g_main_context_get_thread_default ());
}

static void
account (UplinkWebsocketInput *self,
         gsize                 count)
{
  self->quota -= MIN (self->quota, count);
  self->since_message += count;
  if (self->limit > 0 && self->since_message > self->limit && !self->overflowed)
    overflow (self);
}

static gsize
take_prefix (UplinkWebsocketInput *self,
             void                 *buffer,
             gsize                 count)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (self->prefix, &size);

  count = MIN (count, size - self->prefix_offset);
  memcpy (buffer, data + self->prefix_offset, count);
  self->prefix_offset += count;
  if (self->prefix_offset == size)
    g_clear_pointer (&self->prefix, g_bytes_unref);
  return count;
}

static gssize
uplink_websocket_input_read (GInputStream  *stream,
                             void          *buffer,
                             gsize          count,
                             GCancellable  *cancellable,
                             GError       **error)
{
  UplinkWebsocketInput *self = UPLINK_WEBSOCKET_INPUT (stream);
  gssize read;

  if (self->prefix != NULL)
    read = take_prefix (self, buffer, count);
  else
    read = g_input_stream_read (self->base, buffer, count, cancellable, error);

  if (read > 0)
    account (self, read);
  return read;
}

static gssize
uplink_websocket_input_read_nonblocking (GPollableInputStream  *stream,
                                         void                  *buffer,
                                         gsize                  count,
                                         GError               **error)
{
  UplinkWebsocketInput *self = UPLINK_WEBSOCKET_INPUT (stream);
  gssize read;

  if (self->overflowed || self->quota == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK,
                           "The read quota of this main-loop iteration is spent");
      return -1;
    }

  count = MIN (count, self->quota);
  if (self->prefix != NULL)
    read = take_prefix (self, buffer, count);
  else
    read = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (self->base),
                                                     buffer, count, NULL, error);

  if (read > 0)
    account (self, read);
  return read;
}

static gboolean
uplink_websocket_input_can_poll (GPollableInputStream *stream)
{
  UplinkWebsocketInput *self = UPLINK_WEBSOCKET_INPUT (stream);

  return g_pollable_input_stream_can_poll (G_POLLABLE_INPUT_STREAM (self->base));
}

static gboolean
uplink_websocket_input_is_readable (GPollableInputStream *stream)
{
  UplinkWebsocketInput *self = UPLINK_WEBSOCKET_INPUT (stream);

  if (self->overflowed || self->quota == 0)
    return FALSE;
  return self->prefix != NULL ||
         g_pollable_input_stream_is_readable (G_POLLABLE_INPUT_STREAM (self->base));
}

static GSource *
uplink_websocket_input_create_source (GPollableInputStream *stream,
                                      GCancellable         *cancellable)
{
  UplinkWebsocketInput *self = UPLINK_WEBSOCKET_INPUT (stream);
  GSource *source = g_source_new (&ration_source_funcs, sizeof (RationSource));

  g_source_set_static_name (source, "[uplink] websocket input");
  ((RationSource *) source)->input = g_object_ref (self);

  /* After an overflow nothing more is read: the source never fires. */
  if (!self->overflowed && (self->quota == 0 || self->prefix != NULL))
    g_source_set_ready_time (source, 0);
  else if (!self->overflowed)
    add_child (source, g_pollable_input_stream_create_source (G_POLLABLE_INPUT_STREAM (self->base), NULL));

  if (cancellable != NULL)
    add_child (source, g_cancellable_source_new (cancellable));
  return source;
}

/* The stream that owns this one closes the base. */
static gboolean
uplink_websocket_input_close (GInputStream  *stream,
                              GCancellable  *cancellable,
                              GError       **error)
{
  return TRUE;
}

static void
uplink_websocket_input_dispose (GObject *object)
{
  UplinkWebsocketInput *self = UPLINK_WEBSOCKET_INPUT (object);

  if (self->overflow_source != NULL)
    g_source_destroy (self->overflow_source);
  g_clear_pointer (&self->overflow_source, g_source_unref);
  g_clear_object (&self->base);
  g_clear_pointer (&self->prefix, g_bytes_unref);

  G_OBJECT_CLASS (uplink_websocket_input_parent_class)->dispose (object);
}

static void
uplink_websocket_input_class_init (UplinkWebsocketInputClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  object_class->dispose = uplink_websocket_input_dispose;
  stream_class->read_fn = uplink_websocket_input_read;
  stream_class->close_fn = uplink_websocket_input_close;

  /* More than the limit was read since the last complete message; the
   * stream reads nothing more. */
  signals[SIGNAL_OVERFLOW] =
    g_signal_new ("overflow", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
uplink_websocket_input_pollable_init (GPollableInputStreamInterface *iface)
{
  iface->can_poll = uplink_websocket_input_can_poll;
  iface->is_readable = uplink_websocket_input_is_readable;
  iface->create_source = uplink_websocket_input_create_source;
  iface->read_nonblocking = uplink_websocket_input_read_nonblocking;
}

static void
uplink_websocket_input_init (UplinkWebsocketInput *self)
{
  self->quota = UPLINK_WEBSOCKET_INPUT_QUOTA;
}

/*
 * @base must be pollable; @prefix (nullable) is read before it.
 */
UplinkWebsocketInput *
uplink_websocket_input_new (GInputStream *base,
                            GBytes       *prefix)
{
  UplinkWebsocketInput *self = g_object_new (UPLINK_TYPE_WEBSOCKET_INPUT, NULL);

  g_assert (G_IS_POLLABLE_INPUT_STREAM (base));

  self->base = g_object_ref (base);
  if (prefix != NULL && g_bytes_get_size (prefix) > 0)
    self->prefix = g_bytes_ref (prefix);
  return self;
}

/* At most @limit bytes from one complete message to the next; 0 for no
 * limit. */
void
uplink_websocket_input_set_limit (UplinkWebsocketInput *self,
                                  guint64               limit)
{
  self->limit = limit;
}

/* A message is complete: what was read up to here was handed over. */
void
uplink_websocket_input_message_done (UplinkWebsocketInput *self)
{
  self->since_message = 0;
}

/* Whether bytes wait to be read: in the socket or the TLS layer, from
 * the handshake, or behind a spent quota. */
gboolean
uplink_websocket_input_has_waiting (UplinkWebsocketInput *self)
{
  if (self->overflowed)
    return FALSE;
  return self->prefix != NULL || self->quota == 0 ||
         g_pollable_input_stream_is_readable (G_POLLABLE_INPUT_STREAM (self->base));
}
