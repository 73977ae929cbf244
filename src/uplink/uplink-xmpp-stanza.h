/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How deep and how many elements one frame may hold: an XMPP frame a
 * monitor reads (features, SASL, iq) has a handful of each. */
#define UPLINK_XMPP_MAX_DEPTH 16
#define UPLINK_XMPP_MAX_ELEMENTS 512

typedef struct _UplinkXmppElement UplinkXmppElement;

/* One element of a frame: its local name (any "prefix:" dropped, as
 * GMarkup knows no namespaces), attributes, children and text. */
struct _UplinkXmppElement
{
  char *name;
  char **attribute_names;
  char **attribute_values;
  GPtrArray *children;
  GString *text;
};

UplinkXmppElement *uplink_xmpp_parse          (const char              *text,
                                               gsize                    length,
                                               GError                 **error);
void               uplink_xmpp_element_free   (UplinkXmppElement       *element);
const char        *uplink_xmpp_get_attribute  (const UplinkXmppElement *element,
                                               const char              *name);
UplinkXmppElement *uplink_xmpp_get_child      (const UplinkXmppElement *element,
                                               const char              *name);
UplinkXmppElement *uplink_xmpp_first_child    (const UplinkXmppElement *element);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (UplinkXmppElement, uplink_xmpp_element_free)

G_END_DECLS
