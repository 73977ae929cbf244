/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#if !defined(UPLINK_INSIDE) && !defined(UPLINK_COMPILATION)
#error "Only <uplink.h> can be included directly."
#endif

#include <glib.h>

#include "uplink-version.h"

G_BEGIN_DECLS

UPLINK_AVAILABLE_IN_ALL
char *uplink_redact_url (const char *url) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
