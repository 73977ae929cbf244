/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include "uplink-set-str.h"

/*
 * uplink_set_str:
 * @str_pointer: (inout) (not optional) (nullable): a string field
 * @new_str: (nullable): the new value
 *
 * GLib 2.76's g_set_str(), which Debian 12's GLib 2.74 lacks: stores a
 * copy of @new_str unless the field already holds an equal string, so
 * that callers notify only on a real change.
 *
 * Returns: %TRUE if the field changed
 */
gboolean
uplink_set_str (char       **str_pointer,
                const char  *new_str)
{
  if (g_strcmp0 (*str_pointer, new_str) == 0)
    return FALSE;

  g_free (*str_pointer);
  *str_pointer = g_strdup (new_str);
  return TRUE;
}
