/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "uplink-connection-private.h"
#include "uplink-frame.h"

/*
 * Keeping watch on an open socket: pings at the keepalive interval, a
 * deadline for the answer, and a probe of the socket when the network
 * changes or the computer wakes up. A silent server is a dead one.
 */

static guint
dead_after_ms (UplinkConnection *self)
{
  return (self->keepalive_interval + self->pong_timeout) * 1000;
}

/*
 * Re-armed lazily: frames only move last_received forward, and the timer
 * looks at it when it fires, so a busy connection costs no timer churn.
 */
static gboolean
on_liveness_check (gpointer user_data)
{
  g_autoptr(UplinkConnection) self = g_object_ref (user_data);
  gint64 silent_ms = (g_get_monotonic_time () - self->last_received) / 1000;

  self->liveness_source = 0;
  if (silent_ms >= dead_after_ms (self))
    {
      g_autofree char *message =
        g_strdup_printf (_("The server stopped answering (nothing received for %u s)"),
                         (guint) (silent_ms / 1000));
      uplink_connection_fail (self, UPLINK_CONNECTION_ERROR_DEAD_PEER, message);
      return G_SOURCE_REMOVE;
    }

  self->liveness_source = g_timeout_add (dead_after_ms (self) - silent_ms, on_liveness_check, self);
  return G_SOURCE_REMOVE;
}

/*
 * A pong comes once per keepalive interval: moving the deadline then costs
 * nothing, whereas the lazy check would wake up once per interval only to
 * find the deadline moved. On an idle connection that is a third of the
 * wake-ups.
 */
void
uplink_connection_push_liveness_deadline (UplinkConnection *self)
{
  if (self->liveness_source == 0)
    return;

  g_source_remove (self->liveness_source);
  self->liveness_source = g_timeout_add (dead_after_ms (self), on_liveness_check, self);
}

static gboolean
on_ping_due (gpointer user_data)
{
  UplinkConnection *self = user_data;
  g_autofree char *ping = uplink_frame_build_ping (++self->ping_id);

  self->ping_sent = g_get_monotonic_time ();
  soup_websocket_connection_send_text (self->socket, ping);
  return G_SOURCE_CONTINUE;
}

void
uplink_connection_arm_keepalive (UplinkConnection *self)
{
  g_clear_handle_id (&self->liveness_source, g_source_remove);
  g_clear_handle_id (&self->ping_source, g_source_remove);
  if (self->socket == NULL)
    return;

  /* A server speaking protocol v1 answers our own pings, which also give
   * the latency; any other server gets libsoup's WebSocket pings. */
  if (uplink_connection_speaks_uplink_v1 (self))
    {
      soup_websocket_connection_set_keepalive_interval (self->socket, 0);
      self->ping_source = g_timeout_add_seconds (self->keepalive_interval, on_ping_due, self);
    }
  else
    {
      soup_websocket_connection_set_keepalive_interval (self->socket, self->keepalive_interval);
#if SOUP_CHECK_VERSION (3, 6, 0)
      soup_websocket_connection_set_keepalive_pong_timeout (self->socket, self->pong_timeout);
#endif
    }

  self->liveness_source = g_timeout_add (dead_after_ms (self), on_liveness_check, self);
}

static gboolean
paused_offline (UplinkConnection *self)
{
  return self->state == UPLINK_STATE_DISCONNECTED && self->retry_source == 0 &&
         g_error_matches (self->last_error, UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_OFFLINE);
}

static gboolean
on_offline_settled (gpointer user_data)
{
  g_autoptr(UplinkConnection) self = g_object_ref (user_data);

  self->offline_source = 0;
  if (self->running && uplink_connection_is_offline (self) && !paused_offline (self))
    uplink_connection_fail (self, UPLINK_CONNECTION_ERROR_OFFLINE, _("The network is not available"));
  return G_SOURCE_REMOVE;
}

static gboolean
on_probe_deadline (gpointer user_data)
{
  g_autoptr(UplinkConnection) self = g_object_ref (user_data);

  self->probe_source = 0;
  if (self->last_received < self->probe_sent)
    {
      uplink_connection_fail (self, UPLINK_CONNECTION_ERROR_DEAD_PEER, self->probe_failure);
      return G_SOURCE_REMOVE;
    }

  uplink_connection_arm_keepalive (self);
  return G_SOURCE_REMOVE;
}

/*
 * After a network change the old socket may lead nowhere (a VPN came up,
 * Wi-Fi gave way to Ethernet) and TCP would take minutes to tell. Ask the
 * server now; any frame before the pong timeout proves the path.
 */
static void
probe_socket (UplinkConnection *self,
              const char       *failure)
{
  gint64 now = g_get_monotonic_time ();

  if (self->socket == NULL || self->probe_source != 0 ||
      now - self->probe_sent < PROBE_DEBOUNCE_MS * 1000)
    return;

  self->probe_sent = now;
  self->probe_failure = failure;
  if (uplink_connection_speaks_uplink_v1 (self))
    on_ping_due (self);
  else
    /* libsoup 3.2 sends no ping on request: its keepalive is the way. */
    soup_websocket_connection_set_keepalive_interval (self->socket, 1);
  self->probe_source = g_timeout_add (self->pong_timeout * 1000, on_probe_deadline, self);
}

/*
 * Going offline is confirmed after a short settle, so the blip some
 * monitors report at start-up (unavailable for a few milliseconds) is not
 * taken for an outage; coming back is acted on at once.
 */
static void
on_network_changed (UplinkConnection *self)
{
  if (!self->running)
    return;

  if (uplink_connection_is_offline (self))
    {
      if (self->offline_source == 0)
        self->offline_source = g_timeout_add (OFFLINE_SETTLE_MS, on_offline_settled, self);
      return;
    }

  g_clear_handle_id (&self->offline_source, g_source_remove);
  if (paused_offline (self))
    uplink_connection_begin_attempt (self);
  else if (self->state == UPLINK_STATE_CONNECTED || self->state == UPLINK_STATE_FEATURE_THROTTLED)
    probe_socket (self, _("The server did not answer after the network changed"));
}

/* After a suspend the socket is suspect and a scheduled retry stale. */
void
uplink_connection_on_resumed (UplinkResumeMonitor *monitor,
                              gpointer             user_data)
{
  g_autoptr(UplinkConnection) self = g_object_ref (user_data);

  if (!self->running)
    return;

  if (self->retry_source != 0)
    uplink_connection_begin_attempt (self);
  else if (self->state == UPLINK_STATE_CONNECTED || self->state == UPLINK_STATE_FEATURE_THROTTLED)
    probe_socket (self, _("The server did not answer after the computer woke up"));
}

void
uplink_connection_on_network_notify (GObject    *monitor,
                                     GParamSpec *pspec,
                                     gpointer    user_data)
{
  g_autoptr(UplinkConnection) self = g_object_ref (user_data);

  on_network_changed (self);
}

void
uplink_connection_on_network_event (GNetworkMonitor *monitor,
                                    gboolean         available,
                                    gpointer         user_data)
{
  g_autoptr(UplinkConnection) self = g_object_ref (user_data);

  on_network_changed (self);
}
