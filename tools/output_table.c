/* output_table.c - JSON answers as aligned lines and columns (output_table.h). */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "output_table.h"

#define KEY_WORDS_MAX 128

/* Lower-cases word (len bytes) unless it is an acronym: two or more capitals and digits. */
static void lower_word(char *word, size_t len)
{
	size_t caps = 0;

	for (size_t i = 0; i < len; i++)
		caps += isupper((unsigned char)word[i]) || isdigit((unsigned char)word[i]);
	if (len >= 2 && caps == len)
		return;
	for (size_t i = 0; i < len; i++)
		word[i] = (char)tolower((unsigned char)word[i]);
}

/* The units a key may end a word with, kept as they are written. */
static size_t unit_at(const char *p)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "KB", "MB" };

	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		size_t len = strlen(units[i]);

		if (!strncmp(p, units[i], len) && !islower((unsigned char)p[len]))
			return len;
	}
	return 0;
}

/* key in words: a word starts at a capital that follows a small letter or
 * a digit, or one that follows a capital and precedes a small letter (the
 * end of an acronym: "KBLimit" is "KB limit"), or after an underscore,
 * which is a space; a unit (KiB) is one word. */
static void key_words(const char *key, char *out, size_t len)
{
	size_t n = 0, word = 0, unit;

	for (size_t i = 0; key[i] && n + 2 < len; i++) {
		unsigned char c = (unsigned char)key[i], prev = i ? (unsigned char)key[i - 1] : 0;

		if (c == '_') {
			lower_word(out + word, n - word);
			out[n++] = ' ';
			word = n;
			continue;
		}
		unit = i > 0 && isupper(c) ? unit_at(key + i) : 0;
		if (unit || (isupper(c) && i > 0 &&
			     (islower(prev) || isdigit(prev) || (isupper(prev) && islower((unsigned char)key[i + 1]))))) {
			lower_word(out + word, n - word);
			out[n++] = ' ';
			word = n;
		}
		if (unit && n + unit + 1 < len) {
			memcpy(out + n, key + i, unit);
			n += unit;
			i += unit - 1;
			word = n; /* kept as written */
			continue;
		}
		out[n++] = (char)c;
	}
	lower_word(out + word, n - word);
	out[n] = '\0';
}

static void print_scalar(FILE *f, json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_STRING: fputs(json_string_value(v), f); break;
	case JSON_INTEGER: fprintf(f, "%lld", (long long)json_integer_value(v)); break;
	case JSON_REAL: fprintf(f, "%g", json_real_value(v)); break;
	case JSON_TRUE: fputs("yes", f); break;
	case JSON_FALSE: fputs("no", f); break;
	case JSON_NULL: fputc('-', f); break;
	case JSON_ARRAY: {
		size_t i;
		json_t *e;

		if (!json_array_size(v))
			fputs("none", f);
		json_array_foreach(v, i, e) {
			if (i)
				fputs(", ", f);
			print_scalar(f, e);
		}
		break;
	}
	case JSON_OBJECT: {
		char *text = json_dumps(v, JSON_COMPACT);

		fputs(text ? text : "{}", f);
		free(text);
		break;
	}
	}
}

static bool is_rows(json_t *v)
{
	return json_is_array(v) && json_array_size(v) && json_is_object(json_array_get(v, 0));
}

static void print_object(FILE *f, json_t *obj, int indent)
{
	char words[KEY_WORDS_MAX];
	const char *key;
	json_t *v;
	int width = 0;

	json_object_foreach(obj, key, v) {
		key_words(key, words, sizeof(words));
		if ((int)strlen(words) + 1 > width)
			width = (int)strlen(words) + 1;
	}
	json_object_foreach(obj, key, v) {
		key_words(key, words, sizeof(words));
		if (json_is_object(v) || is_rows(v)) {
			fprintf(f, "%*s%s:\n", indent, "", words);
			if (json_is_object(v))
				print_object(f, v, indent + 2);
			else
				output_table_rows(f, v, indent + 2);
			continue;
		}
		fprintf(f, "%*s%s:%*s ", indent, "", words, width - (int)strlen(words) - 1, "");
		print_scalar(f, v);
		fputc('\n', f);
	}
}

/* A cell's text, malloc()ed. */
static char *cell(json_t *v)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return NULL;
	if (v)
		print_scalar(f, v);
	fclose(f);
	return text;
}

void output_table_rows(FILE *f, json_t *rows, int indent)
{
	json_t *first = json_array_get(rows, 0), *row, *v;
	size_t ncols = json_object_size(first), nrows = json_array_size(rows), i, c;
	char words[KEY_WORDS_MAX], **cells = calloc((nrows + 1) * ncols, sizeof(char *));
	int *width = calloc(ncols, sizeof(int));
	const char *key;

	if (!cells || !width || !ncols) {
		free(cells);
		free(width);
		return;
	}
	c = 0;
	json_object_foreach(first, key, v) {
		key_words(key, words, sizeof(words));
		cells[c++] = strdup(words);
	}
	json_array_foreach(rows, i, row) {
		c = 0;
		json_object_foreach(first, key, v)
			cells[(i + 1) * ncols + c++] = cell(json_object_get(row, key));
	}
	for (i = 0; i < (nrows + 1) * ncols; i++)
		if (cells[i] && (int)strlen(cells[i]) > width[i % ncols])
			width[i % ncols] = (int)strlen(cells[i]);
	for (i = 0; i <= nrows; i++) {
		fprintf(f, "%*s", indent, "");
		for (c = 0; c < ncols; c++) {
			const char *text = cells[i * ncols + c] ? cells[i * ncols + c] : "";

			if (c + 1 < ncols)
				fprintf(f, "%-*s  ", width[c], text);
			else
				fprintf(f, "%s\n", text);
		}
	}
	for (i = 0; i < (nrows + 1) * ncols; i++)
		free(cells[i]);
	free(cells);
	free(width);
}

void output_table_list(json_t *answer, const char *key, const char *none)
{
	json_t *rows = json_object_get(answer, key);

	if (is_rows(rows))
		output_table_rows(stdout, rows, 0);
	else
		printf("%s\n", none);
}

void output_table_print(json_t *answer)
{
	if (json_is_object(answer))
		print_object(stdout, answer, 0);
	else if (is_rows(answer))
		output_table_rows(stdout, answer, 0);
	else {
		print_scalar(stdout, answer);
		putchar('\n');
	}
}

void output_print(json_t *answer, bool json, void (*table)(json_t *answer))
{
	if (json) {
		char *text = json_dumps(answer, JSON_INDENT(2) | JSON_ENCODE_ANY);

		printf("%s\n", text ? text : "null");
		free(text);
	} else {
		(table ? table : output_table_print)(answer);
	}
	json_decref(answer);
}
