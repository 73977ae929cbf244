/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "uplink-error.h"
#include "uplink-xmpp-stanza.h"

/*
 * Reads one XMPP-over-WebSocket frame (RFC 7395: every frame is one whole
 * element) into a small tree with GMarkup. GMarkup expands no entities
 * but the five of XML and character references, so no XML bomb gets
 * through; depth and element count are capped here, and the text can be
 * no longer than the frame.
 */

typedef struct
{
  UplinkXmppElement *root;
  GPtrArray *open;   /* the elements not closed yet, innermost last */
  guint elements;
} Reader;

void
uplink_xmpp_element_free (UplinkXmppElement *element)
{
  if (element == NULL)
    return;

  g_free (element->name);
  g_strfreev (element->attribute_names);
  g_strfreev (element->attribute_values);
  g_ptr_array_unref (element->children);
  g_string_free (element->text, TRUE);
  g_free (element);
}

static const char *
local_name (const char *name)
{
  const char *colon = strrchr (name, ':');

  return colon != NULL ? colon + 1 : name;
}

static void
start_element (GMarkupParseContext  *context,
               const char           *name,
               const char          **attribute_names,
               const char          **attribute_values,
               gpointer              user_data,
               GError              **error)
{
  Reader *reader = user_data;
  UplinkXmppElement *element;

  if (reader->open->len == 0 && reader->root != NULL)
    {
      g_set_error_literal (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                           "more than one element");
      return;
    }
  if (reader->open->len >= UPLINK_XMPP_MAX_DEPTH || ++reader->elements > UPLINK_XMPP_MAX_ELEMENTS)
    {
      g_set_error_literal (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                           "too deep or too many elements");
      return;
    }

  element = g_new0 (UplinkXmppElement, 1);
  element->name = g_strdup (local_name (name));
  element->attribute_names = g_strdupv ((char **) attribute_names);
  element->attribute_values = g_strdupv ((char **) attribute_values);
  element->children = g_ptr_array_new_with_free_func ((GDestroyNotify) uplink_xmpp_element_free);
  element->text = g_string_new (NULL);

  if (reader->open->len == 0)
    reader->root = element;
  else
    g_ptr_array_add (((UplinkXmppElement *) g_ptr_array_index (reader->open, reader->open->len - 1))->children,
                     element);
  g_ptr_array_add (reader->open, element);
}

static void
end_element (GMarkupParseContext  *context,
             const char           *name,
             gpointer              user_data,
             GError              **error)
{
  Reader *reader = user_data;

  g_ptr_array_set_size (reader->open, reader->open->len - 1);
}

static void
text (GMarkupParseContext  *context,
      const char           *text,
      gsize                 length,
      gpointer              user_data,
      GError              **error)
{
  Reader *reader = user_data;

  if (reader->open->len > 0)
    g_string_append_len (((UplinkXmppElement *) g_ptr_array_index (reader->open, reader->open->len - 1))->text,
                         text, length);
}

static const GMarkupParser parser = {
  .start_element = start_element,
  .end_element = end_element,
  .text = text,
};

UplinkXmppElement *
uplink_xmpp_parse (const char  *text,
                   gsize        length,
                   GError     **error)
{
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) markup_error = NULL;
  Reader reader = { NULL, g_ptr_array_new (), 0 };
  gboolean parsed;

  context = g_markup_parse_context_new (&parser, G_MARKUP_PREFIX_ERROR_POSITION, &reader, NULL);
  parsed = g_markup_parse_context_parse (context, text, length, &markup_error) &&
           g_markup_parse_context_end_parse (context, &markup_error);
  g_ptr_array_unref (reader.open);

  if (!parsed || reader.root == NULL)
    {
      /* GMarkup quotes the bad bytes it found, valid UTF-8 or not. */
      g_autofree char *why = g_utf8_make_valid (markup_error != NULL ? markup_error->message : "empty", -1);

      g_set_error (error, UPLINK_CONNECTION_ERROR, UPLINK_CONNECTION_ERROR_PROTOCOL,
                   _("The server sent a broken XMPP frame (%s)"), why);
      uplink_xmpp_element_free (reader.root);
      return NULL;
    }

  return reader.root;
}

const char *
uplink_xmpp_get_attribute (const UplinkXmppElement *element,
                           const char              *name)
{
  for (guint i = 0; element->attribute_names[i] != NULL; i++)
    if (strcmp (local_name (element->attribute_names[i]), name) == 0)
      return element->attribute_values[i];
  return NULL;
}

UplinkXmppElement *
uplink_xmpp_get_child (const UplinkXmppElement *element,
                       const char              *name)
{
  for (guint i = 0; i < element->children->len; i++)
    {
      UplinkXmppElement *child = g_ptr_array_index (element->children, i);

      if (strcmp (child->name, name) == 0)
        return child;
    }
  return NULL;
}

UplinkXmppElement *
uplink_xmpp_first_child (const UplinkXmppElement *element)
{
  return element->children->len > 0 ? g_ptr_array_index (element->children, 0) : NULL;
}
