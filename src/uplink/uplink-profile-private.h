/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

#include "uplink-profile.h"

G_BEGIN_DECLS

typedef struct _UplinkConnection UplinkConnection;
typedef struct _UplinkProfileSession UplinkProfileSession;

/*
 * What a server profile does on an open socket. A profile is one file
 * (uplink-profile-NAME.c) that fills in one of these; the connection calls
 * it and knows nothing else about the protocol. Every hook but open may be
 * NULL. A profile reports back through uplink_connection_session_up(),
 * uplink_connection_fail() and the other calls in
 * uplink-connection-private.h.
 */
typedef struct
{
  UplinkProfile profile;
  /* Offered in the handshake unless the user set their own; NULL: none. */
  const char *subprotocol;
  /* The size of the profile's session struct, which starts with an
   * UplinkProfileSession. */
  gsize session_size;

  /* The upgrade is done: start the session (or declare it up). */
  void (*open)      (UplinkProfileSession *session);
  /* A text frame; NULL hands it to the connection's message signal. */
  void (*text)      (UplinkProfileSession *session,
                     const char           *text,
                     gsize                 length);
  /* A binary frame; NULL ignores it. */
  void (*binary)    (UplinkProfileSession *session,
                     const guint8         *data,
                     gsize                 length);
  /* Sends the profile's own ping once per keepalive interval; NULL leaves
   * the keepalive to libsoup's RFC 6455 pings. */
  void (*keepalive) (UplinkProfileSession *session);
  /* The client is closing the socket: say goodbye if the protocol has a
   * way to. */
  void (*stop)      (UplinkProfileSession *session);
  /* Frees what the session struct points to (not the struct). */
  void (*clear)     (UplinkProfileSession *session);
} UplinkProfileClass;

struct _UplinkProfileSession
{
  const UplinkProfileClass *klass;
  /* Not a reference: the connection owns the session. */
  UplinkConnection *connection;
};

extern const UplinkProfileClass uplink_profile_websocket_class;
extern const UplinkProfileClass uplink_profile_uplink_class;
extern const UplinkProfileClass uplink_profile_socketio_class;
extern const UplinkProfileClass uplink_profile_mqtt_class;
extern const UplinkProfileClass uplink_profile_xmpp_class;

const UplinkProfileClass *uplink_profile_lookup        (UplinkProfile              profile);
UplinkProfile             uplink_profile_from_path     (const char                *path);
UplinkProfile             uplink_profile_from_frame    (const char                *text,
                                                        gsize                      length);

UplinkProfileSession     *uplink_profile_session_new   (const UplinkProfileClass  *klass,
                                                        UplinkConnection          *connection);
void                      uplink_profile_session_free  (UplinkProfileSession      *session);

G_END_DECLS
