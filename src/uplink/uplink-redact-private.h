/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Shorter values are not masked in free text: they would blank out
 * ordinary words and numbers, and guess no better than chance. */
#define UPLINK_REDACT_MIN_SECRET 3

void  uplink_redact_add_url_secrets (const char         *url,
                                     GStrvBuilder       *secrets);
char *uplink_redact_text            (const char         *text,
                                     const char * const *secrets);

G_END_DECLS
