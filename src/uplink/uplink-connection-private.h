/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <libsoup/soup.h>

#include "uplink-backoff.h"
#include "uplink-connection.h"
#include "uplink-dispatch-private.h"
#include "uplink-error.h"
#include "uplink-frame.h"
#include "uplink-handshake-private.h"
#include "uplink-history.h"
#include "uplink-profile-private.h"
#include "uplink-resume-monitor.h"
#include "uplink-websocket-input-private.h"

G_BEGIN_DECLS

/*
 * UplinkConnection is split by concern: uplink-connection.c has the
 * state, the life cycle (start, stop, dispose) and what is read of it;
 * uplink-connection-attempt.c makes an attempt (URL, handshake) and reads
 * the socket it gives; uplink-connection-retry.c decides what follows a
 * failure; uplink-connection-properties.c documents the properties and
 * signals, and uplink-connection-settings.c has the accessors of what an
 * embedder sets; uplink-dispatch.c delivers the state to signals and
 * listeners in order; uplink-connection-liveness.c keeps watch
 * on an open socket (keepalive, dead peers, network changes, resume);
 * uplink-connection-failure.c turns what failed into errors;
 * uplink-connection-send.c sends (its queue is uplink-send-queue.c);
 * uplink-connection-profile.c hands the socket to the server profile
 * (uplink-profile-*.c), which says when the session is up.
 */

/* Long enough to outlast a monitor's start-up blip, well inside the
 * 100 ms in which a real outage must show. */
#define OFFLINE_SETTLE_MS 50
#define PROBE_DEBOUNCE_MS 500

struct _UplinkConnection
{
  GObject parent_instance;

  char *url;
  char *display_url;

  UplinkState state;
  GError *last_error;
  GStrv throttled_features;
  char *throttle_reason;
  gint64 throttled_until;          /* g_get_real_time () µs, 0 if not told */
  guint close_code;                /* of the last session's end, 0 while up */
  char *close_reason;              /* its reason, redacted */
  guint attempt;
  gint64 next_retry;
  gint64 latency;
  UplinkHistory *history;
  guint ignored_frames;
  gboolean running;
  /* After a refusal of the credentials: no attempt until told. */
  gboolean waiting_for_user;
  /* Changes whenever an attempt begins or the connection is stopped, so code
   * that called out to listeners can tell that its attempt is over. */
  guint epoch;

  guint keepalive_interval;
  guint pong_timeout;
  guint connect_timeout;
  guint64 max_incoming_payload;
  char *tls_ca_file;
  UplinkBackoff *backoff;
  GNetworkMonitor *network_monitor;
  gulong network_handler;
  gulong network_changed_handler;
  guint offline_source;
  UplinkResumeMonitor *resume_monitor;
  gint64 probe_sent;
  const char *probe_failure;
  SoupSession *session;
  GStrv protocols;
  GHashTable *request_headers;

  GCancellable *cancellable;
  UplinkHandshake *handshake;
  SoupWebsocketConnection *socket;
  /* The socket is closing already, from a close frame or libsoup's own
   * protocol error. */
  gboolean socket_closing;
  GError *socket_error;
  char *negotiated_protocol;
  gint64 last_received;
  gint64 ping_sent;
  gint64 ping_id;

  guint connect_timeout_source;
  guint retry_source;
  guint throttle_source;
  guint liveness_source;
  guint ping_source;
  /* uplink-connection-liveness.c: when the deadline is due, since when an
   * answer is awaited, and whether the server was asked for one. */
  gint64 liveness_due;
  gint64 awaited_since;
  gboolean liveness_asked;

  UplinkProfile profile;
  UplinkProfile active_profile;
  /* What auto learned from a server's first frame, kept for the next
   * attempts so that they start with the right session. */
  UplinkProfile learned_profile;
  char *username;
  /* Never logged, never in an error, never notified with its value. */
  char *password;
  UplinkProfileSession *profile_session;
  /* Sessions ended while a hook of theirs runs, freed when it returns. */
  GPtrArray *retired_sessions;
  guint profile_depth;
  gboolean first_frame_seen;

  UplinkDispatch dispatch;
  struct _UplinkSendQueue *send_queue;

  /* uplink-connection-bounds.c: what the socket reads from. */
  UplinkWebsocketInput *incoming;

  /* The last throttle or unthrottle read, applied once the loop is idle. */
  UplinkFrame *pending_throttle;
  guint pending_throttle_source;
};

/* uplink-connection.c: the state and what is known of it; each setter
 * notifies a real change only. */
void      uplink_connection_set_state              (UplinkConnection      *self,
                                                    UplinkState            state);
void      uplink_connection_report_error           (UplinkConnection      *self,
                                                    const GError          *error);
void      uplink_connection_set_throttled_features (UplinkConnection      *self,
                                                    const char * const    *features,
                                                    const char            *reason);
void      uplink_connection_set_throttled_until    (UplinkConnection      *self,
                                                    gint64                 throttled_until);
void      uplink_connection_set_close              (UplinkConnection      *self,
                                                    guint                  code,
                                                    const char            *reason);
void      uplink_connection_set_next_retry         (UplinkConnection      *self,
                                                    gint64                 next_retry);
void      uplink_connection_set_attempt            (UplinkConnection      *self,
                                                    guint                  attempt);
void      uplink_connection_set_latency            (UplinkConnection      *self,
                                                    gint64                 latency);
void      uplink_connection_set_negotiated_protocol (UplinkConnection     *self,
                                                    const char            *protocol);
gboolean  uplink_connection_speaks_uplink_v1       (UplinkConnection      *self);
void      uplink_connection_set_active_profile     (UplinkConnection      *self,
                                                    UplinkProfile          profile);

/* uplink-connection-attempt.c */
void      uplink_connection_begin_attempt          (UplinkConnection      *self);
void      uplink_connection_teardown               (UplinkConnection      *self);
gboolean  uplink_connection_is_offline             (UplinkConnection      *self);
void      uplink_connection_handle_v1_text         (UplinkConnection      *self,
                                                    const char            *text,
                                                    gsize                  length);
void      uplink_connection_emit_message           (UplinkConnection      *self,
                                                    const char            *text);
void      uplink_connection_ignore_frame           (UplinkConnection      *self,
                                                    const char            *why);

/* uplink-connection-retry.c */
void      uplink_connection_lose                   (UplinkConnection      *self,
                                                    const GError          *error,
                                                    gint64                 retry_after_us);
void      uplink_connection_fail                   (UplinkConnection      *self,
                                                    UplinkConnectionError  code,
                                                    const char            *message);

/* What profiles call: the session is up; the server ended it without an
 * error; the server ended an idle session, to be renewed at once. */
void      uplink_connection_session_up             (UplinkConnection      *self);
void      uplink_connection_session_ended          (UplinkConnection      *self);
void      uplink_connection_renew                  (UplinkConnection      *self);

/* uplink-connection-profile.c */
void      uplink_connection_resolve_profile        (UplinkConnection      *self,
                                                    GUri                  *uri);
GStrv     uplink_connection_offered_protocols      (UplinkConnection      *self);
GError   *uplink_connection_explain_handshake      (UplinkConnection      *self,
                                                    GError                *failure,
                                                    const GError          *soup_error);
gboolean  uplink_connection_check_negotiated      (UplinkConnection      *self,
                                                    GError               **error);
void      uplink_connection_open_profile           (UplinkConnection      *self);
void      uplink_connection_close_profile          (UplinkConnection      *self);
void      uplink_connection_profile_text           (UplinkConnection      *self,
                                                    const char            *text,
                                                    gsize                  length);
void      uplink_connection_profile_binary         (UplinkConnection      *self,
                                                    const guint8          *data,
                                                    gsize                  length);
gboolean  uplink_connection_has_profile_keepalive  (UplinkConnection      *self);
void      uplink_connection_profile_keepalive      (UplinkConnection      *self);

/* uplink-connection-send.c */
void      uplink_connection_flush_sends            (UplinkConnection      *self);

/* uplink-connection-liveness.c */
void      uplink_connection_arm_keepalive          (UplinkConnection      *self);
void      uplink_connection_push_liveness_deadline (UplinkConnection      *self);
void      uplink_connection_on_network_notify      (GObject               *monitor,
                                                    GParamSpec            *pspec,
                                                    gpointer               user_data);
void      uplink_connection_on_network_event       (GNetworkMonitor       *monitor,
                                                    gboolean               available,
                                                    gpointer               user_data);
void      uplink_connection_on_resumed             (UplinkResumeMonitor   *monitor,
                                                    gpointer               user_data);

/* uplink-connection-bounds.c */
void      uplink_connection_bound_incoming         (UplinkConnection      *self);
void      uplink_connection_message_done           (UplinkConnection      *self);
gboolean  uplink_connection_bytes_waiting          (UplinkConnection      *self);
void      uplink_connection_unbound_incoming       (UplinkConnection      *self);

/* uplink-connection-secrets.c */
char    *uplink_connection_redact_server_text (UplinkConnection *self,
                                              const char       *text);
GError  *uplink_connection_redact_error       (UplinkConnection *self,
                                              const GError     *error);

/* uplink-connection-failure.c */

GError  *uplink_failure_from_handshake (UplinkHandshake *handshake,
                                        const GError    *soup_error,
                                        gint64          *retry_after_us);
GError  *uplink_failure_from_close     (gushort       code,
                                        const char   *reason,
                                        const GError *socket_error);
gint64   uplink_parse_retry_after      (const char   *value,
                                        GDateTime    *now);

G_END_DECLS
