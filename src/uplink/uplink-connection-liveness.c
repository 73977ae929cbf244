/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "uplink-connection-private.h"

/*
 * Keeping watch on an open socket: pings at the keepalive interval, a
 * deadline for the answer, and a probe of the socket when the network
 * changes or the computer wakes up. A server that leaves a ping
 * unanswered for the pong timeout is a dead one, but only if the client
 * was awake to hear the answer: a main loop blocked by a long callback, a
 * frozen UI or a stopped process leaves the server's frames waiting in
 * the socket, and its timers fire late, all at once.
 */

/* A deadline that fires this late says the client was away, not the
 * server. */
#define LATE_MS 100

static gboolean on_liveness_check (gpointer user_data);

static guint
dead_after_ms (UplinkConnection *self)
{
  return (self->keepalive_interval + self->pong_timeout) * 1000;
}

/* An answer to what was asked at @awaited_since is due in @delay_ms. */
static void
arm_deadline (UplinkConnection *self,
              gint64            awaited_since,
              gint64            delay_ms)
{
  delay_ms = MAX (delay_ms, 0);
  g_clear_handle_id (&self->liveness_source, g_source_remove);
  self->awaited_since = awaited_since;
  self->liveness_due = g_get_monotonic_time () + delay_ms * 1000;
  self->liveness_source = g_timeout_add ((guint) delay_ms, on_liveness_check, self);
}

/*
 * Without protocol v1, libsoup pings at the keepalive interval and the
 * client only hears the pongs: silence for the interval plus the pong
 * timeout is worth asking about.
 */
static void
watch_silence (UplinkConnection *self)
{
  gint64 silent_ms = (g_get_monotonic_time () - self->last_received) / 1000;

  self->liveness_asked = FALSE;
  soup_websocket_connection_set_keepalive_interval (self->socket, self->keepalive_interval);
  arm_deadline (self, self->last_received, dead_after_ms (self) - silent_ms);
}

/* Asks the server for a sign of life now. libsoup 3.2 sends no ping on
 * request, so without protocol v1 its keepalive is made to ping within a
 * second. */
static void
ask_server (UplinkConnection *self)
{
  gint64 now = g_get_monotonic_time ();

  self->liveness_asked = TRUE;
  /* The profile's own ping: protocol v1's JSON ping, MQTT's PINGREQ. */
  if (uplink_connection_has_profile_keepalive (self))
    {
      uplink_connection_profile_keepalive (self);
      arm_deadline (self, now, self->pong_timeout * 1000);
      return;
    }

  soup_websocket_connection_set_keepalive_interval (self->socket, 1);
  arm_deadline (self, now, (1 + self->pong_timeout) * 1000);
}

static gboolean
on_liveness_check (gpointer user_data)
{
  g_autoptr(UplinkConnection) self = g_object_ref (user_data);
  gint64 now = g_get_monotonic_time ();
  gboolean late = now - self->liveness_due > LATE_MS * 1000;
  gboolean asked;
  g_autofree char *message = NULL;

  self->liveness_source = 0;
  if (self->last_received > self->awaited_since)
    {
      self->liveness_asked = FALSE;
      self->probe_failure = NULL;
      if (!uplink_connection_has_profile_keepalive (self))
        watch_silence (self);
      return G_SOURCE_REMOVE;
    }

  /* Only a question asked, and left unanswered for the pong timeout
   * while the client was awake and had nothing waiting to read, condemns
   * the server. Without pings of the profile's own, libsoup's keepalive
   * asked: it pings once per interval, so by the end of the interval plus
   * the pong timeout a ping has waited the pong timeout. */
  asked = self->liveness_asked || !uplink_connection_has_profile_keepalive (self);
  if (!asked || late || uplink_connection_bytes_waiting (self))
    {
      ask_server (self);
      return G_SOURCE_REMOVE;
    }

  if (self->probe_failure != NULL)
    message = g_strdup (self->probe_failure);
  else
    message = g_strdup_printf (_("The server stopped answering (nothing received for %u s)"),
                               (guint) ((now - self->last_received) / G_USEC_PER_SEC));
  uplink_connection_fail (self, UPLINK_CONNECTION_ERROR_DEAD_PEER, message);
  return G_SOURCE_REMOVE;
}

/*
 * A pong answers the question: with protocol v1 the next ping asks again;
 * without, the silence is watched from here, which costs no wake-up where
 * a lazy check would find the deadline moved.
 */
void
uplink_connection_push_liveness_deadline (UplinkConnection *self)
{
  if (self->liveness_source == 0 || self->probe_failure != NULL)
    return;

  if (uplink_connection_has_profile_keepalive (self))
    {
      g_clear_handle_id (&self->liveness_source, g_source_remove);
      self->liveness_asked = FALSE;
    }
  else if (!self->liveness_asked)
    watch_silence (self);
}

static gboolean on_ping_due (gpointer user_data);

/*
 * The first ping comes an interval after the session began (the
 * handshake was the last sign of life); each later one on a grid of the
 * keepalive interval on the monotonic clock, which every connection of
 * the process shares: many connections with one interval then ping in the
 * same main-loop turn, and wake the process once per interval rather than
 * once each (their pongs come back together too). A grid point comes at
 * most an interval after the last ping, never later than without the
 * grid, so a dead server is still found within the keepalive interval
 * plus the pong timeout; whole seconds would coalesce as well, but up to
 * a second late.
 */
static void
schedule_ping (UplinkConnection *self,
               gboolean          first)
{
  gint64 interval = (gint64) self->keepalive_interval * G_USEC_PER_SEC;
  gint64 now = g_get_monotonic_time ();
  GSource *source = g_timeout_source_new (self->keepalive_interval * 1000);

  g_source_set_ready_time (source, first ? now + interval : (now / interval + 1) * interval);
  g_source_set_callback (source, on_ping_due, self, NULL);
  g_source_set_static_name (source, "[uplink] ping");
  self->ping_source = g_source_attach (source, NULL);
  g_source_unref (source);
}

/* Each ping is a question; an earlier one still unanswered keeps its
 * deadline. */
static gboolean
on_ping_due (gpointer user_data)
{
  g_autoptr(UplinkConnection) self = g_object_ref (user_data);

  self->ping_source = 0;
  if (self->liveness_source != 0)
    uplink_connection_profile_keepalive (self);
  else
    ask_server (self);
  /* Unless the ping ended the session. */
  if (self->socket != NULL && self->ping_source == 0)
    schedule_ping (self, FALSE);
  return G_SOURCE_REMOVE;
}

void
uplink_connection_arm_keepalive (UplinkConnection *self)
{
  g_clear_handle_id (&self->liveness_source, g_source_remove);
  g_clear_handle_id (&self->ping_source, g_source_remove);
  self->liveness_asked = FALSE;
  self->probe_failure = NULL;
  if (self->socket == NULL)
    return;

  /* A profile with pings of its own (protocol v1, which also gives the
   * latency; MQTT) uses them; any other gets libsoup's WebSocket pings. */
  if (uplink_connection_has_profile_keepalive (self))
    {
      soup_websocket_connection_set_keepalive_interval (self->socket, 0);
      schedule_ping (self, TRUE);
      return;
    }

#if SOUP_CHECK_VERSION (3, 6, 0)
  soup_websocket_connection_set_keepalive_pong_timeout (self->socket, self->pong_timeout);
#endif
  watch_silence (self);
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

  if (self->socket == NULL || now - self->probe_sent < PROBE_DEBOUNCE_MS * 1000)
    return;

  self->probe_sent = now;
  self->probe_failure = failure;
  ask_server (self);
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
