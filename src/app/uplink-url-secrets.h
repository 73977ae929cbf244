/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean uplink_url_split_secrets (const char  *url,
                                   char       **public_url,
                                   char       **secret_url,
                                   GError     **error);
char    *uplink_url_join_secrets  (const char  *public_url,
                                   const char  *secret_url) G_GNUC_WARN_UNUSED_RESULT;
void     uplink_url_forget_secret (char       **secret);

G_END_DECLS
