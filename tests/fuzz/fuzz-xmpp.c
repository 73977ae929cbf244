/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A libFuzzer target for the XMPP frame reader: every frame of an XMPP
 * server goes through it. No input (entities, deep nesting, a flood of
 * elements) may crash it, leak, hang, or give back a tree beyond the
 * caps. */
#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "uplink-error.h"
#include "uplink-xmpp-stanza.h"

FUZZ_DEFINE_INITIALIZE ()

static guint
check_element (const UplinkXmppElement *element,
               guint                    depth)
{
  guint count = 1;

  g_assert_cmpuint (depth, <=, UPLINK_XMPP_MAX_DEPTH);
  g_assert_true (g_utf8_validate (element->name, -1, NULL));
  g_assert_true (g_utf8_validate (element->text->str, element->text->len, NULL));
  g_assert_cmpuint (g_strv_length (element->attribute_names), ==,
                    g_strv_length (element->attribute_values));
  /* Attributes are found by their local name, as elements are. */
  for (guint i = 0; element->attribute_names[i] != NULL; i++)
    {
      const char *colon = strrchr (element->attribute_names[i], ':');

      g_assert_nonnull (uplink_xmpp_get_attribute (element, colon != NULL ? colon + 1
                                                                          : element->attribute_names[i]));
    }

  for (guint i = 0; i < element->children->len; i++)
    {
      UplinkXmppElement *child = g_ptr_array_index (element->children, i);

      g_assert_nonnull (uplink_xmpp_get_child (element, child->name));
      count += check_element (child, depth + 1);
    }
  return count;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = data != NULL ? (const char *) data : "";
  g_autoptr(UplinkXmppElement) element = NULL;
  g_autoptr(GError) error = NULL;

  element = uplink_xmpp_parse (text, size, &error);
  if (element == NULL)
    {
      fuzz_check_protocol_error (error);
      return 0;
    }

  g_assert_no_error (error);
  g_assert_cmpuint (check_element (element, 1), <=, UPLINK_XMPP_MAX_ELEMENTS);
  return 0;
}
