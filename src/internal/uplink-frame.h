/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * Protocol v1's text frames: parsed by libuplink, written by
 * uplink-server. Internal to both (src/internal), not API: an embedder
 * sees the frames' effects, through the connection's state and its
 * message signal.
 */

/* The subprotocol of protocol v1, offered by the uplink profile. */
#define UPLINK_FRAME_PROTOCOL "uplink.v1"

/*
 * UPLINK_PROTOCOL_ERROR:
 *
 * The error domain of text frames that look like protocol v1 control
 * messages but cannot be used.
 *
 * Errors in this domain are from the [error@ProtocolError] enumeration.
 */
#define UPLINK_PROTOCOL_ERROR (uplink_protocol_error_quark ())

/*
 * UplinkProtocolError:
 * @UPLINK_PROTOCOL_ERROR_INVALID_UTF8: the frame is not valid UTF-8, or
 *   holds a nul byte
 * @UPLINK_PROTOCOL_ERROR_TOO_DEEP: the frame nests objects or arrays more
 *   than 64 levels deep
 * @UPLINK_PROTOCOL_ERROR_MALFORMED: the frame starts like a JSON object but
 *   is not valid JSON, or has more after the object
 * @UPLINK_PROTOCOL_ERROR_BAD_MEMBER: a control message has a member of the
 *   wrong type or out of range
 *
 * Why a text frame was not accepted by [func@Frame.parse].
 */
typedef enum {
  UPLINK_PROTOCOL_ERROR_INVALID_UTF8,
  UPLINK_PROTOCOL_ERROR_TOO_DEEP,
  UPLINK_PROTOCOL_ERROR_MALFORMED,
  UPLINK_PROTOCOL_ERROR_BAD_MEMBER,
} UplinkProtocolError;

/*
 * UplinkFrameKind:
 * @UPLINK_FRAME_KIND_OTHER: not a control message: the frame belongs to
 *   whoever embeds the connection
 * @UPLINK_FRAME_KIND_THROTTLE: `{"type":"throttle"}`: the server pauses
 *   some features
 * @UPLINK_FRAME_KIND_UNTHROTTLE: `{"type":"unthrottle"}`: every feature is
 *   back
 * @UPLINK_FRAME_KIND_PING: `{"type":"ping","id":N}`, sent by clients
 * @UPLINK_FRAME_KIND_PONG: `{"type":"pong","id":N}`, the server's answer to
 *   a ping
 * @UPLINK_FRAME_KIND_HELLO: `{"type":"hello","protocol":"uplink.v1"}`, the
 *   reference server's first frame to every client
 *
 * What a text frame says in protocol v1.
 */
typedef enum {
  UPLINK_FRAME_KIND_OTHER,
  UPLINK_FRAME_KIND_THROTTLE,
  UPLINK_FRAME_KIND_UNTHROTTLE,
  UPLINK_FRAME_KIND_PING,
  UPLINK_FRAME_KIND_PONG,
  UPLINK_FRAME_KIND_HELLO,
} UplinkFrameKind;

/*
 * UPLINK_FRAME_MAX_DEPTH:
 *
 * How deeply a text frame may nest JSON objects and arrays before
 * [func@Frame.parse] refuses it without parsing.
 */
#define UPLINK_FRAME_MAX_DEPTH 64

/*
 * UPLINK_FRAME_MAX_RETRY_AFTER:
 *
 * The longest `retry_after`, in seconds, that a throttle message can ask
 * for; longer ones are cut to this.
 */
#define UPLINK_FRAME_MAX_RETRY_AFTER 86400.0

typedef struct _UplinkFrame UplinkFrame;

GQuark              uplink_protocol_error_quark     (void);
UplinkFrame        *uplink_frame_parse              (const char         *text,
                                                     gssize              length,
                                                     GError            **error) G_GNUC_WARN_UNUSED_RESULT;
UplinkFrame        *uplink_frame_ref                (UplinkFrame        *self);
void                uplink_frame_unref              (UplinkFrame        *self);
UplinkFrameKind     uplink_frame_get_kind           (UplinkFrame        *self);
const char * const *uplink_frame_get_features       (UplinkFrame        *self);
double              uplink_frame_get_retry_after    (UplinkFrame        *self);
const char         *uplink_frame_get_reason         (UplinkFrame        *self);
gint64              uplink_frame_get_id             (UplinkFrame        *self);
char               *uplink_frame_build_throttle     (const char * const *features,
                                                     double              retry_after,
                                                     const char         *reason) G_GNUC_WARN_UNUSED_RESULT;
char               *uplink_frame_build_unthrottle   (void) G_GNUC_WARN_UNUSED_RESULT;
char               *uplink_frame_build_ping         (gint64              id) G_GNUC_WARN_UNUSED_RESULT;
char               *uplink_frame_build_pong         (gint64              id) G_GNUC_WARN_UNUSED_RESULT;
char               *uplink_frame_build_hello        (void) G_GNUC_WARN_UNUSED_RESULT;

/* What the socket.io framing shares with this parser. */
JsonParser *uplink_json_parse_object (const char  *text,
                                      gsize        size,
                                      GError     **error);
gsize       uplink_skip_digits       (const char  *text,
                                      gsize        length,
                                      gsize        i);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (UplinkFrame, uplink_frame_unref)

G_END_DECLS
