/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean uplink_set_str (char       **str_pointer,
                         const char  *new_str);

G_END_DECLS
