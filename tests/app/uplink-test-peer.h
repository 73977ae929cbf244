/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _UplinkTestPeer UplinkTestPeer;

UplinkTestPeer *uplink_test_peer_new      (void);
void            uplink_test_peer_free     (UplinkTestPeer *peer);
guint           uplink_test_peer_get_port (UplinkTestPeer *peer);
char           *uplink_test_peer_url      (UplinkTestPeer *peer,
                                           const char     *rest);
gboolean        uplink_test_peer_saw      (UplinkTestPeer *peer,
                                           const char     *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (UplinkTestPeer, uplink_test_peer_free)

G_END_DECLS
