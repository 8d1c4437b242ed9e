/* page.h - the one way a list is paged: ?limit=&after= in, {"items":[...],"next":...} out. A
 * cursor is what the list's last row was (an id, or a position the list defines); "next" is null
 * on the last page. */
#ifndef DAFTAR_PAGE_H
#define DAFTAR_PAGE_H

#include <stdint.h>

#define PAGE_LIMIT_DEFAULT 50
#define PAGE_LIMIT_MAX 500

struct page {
	int64_t after;   /* 0: the first page */
	int limit;       /* 1..PAGE_LIMIT_MAX */
};

#define PAGE_FIRST {0, PAGE_LIMIT_DEFAULT}

#endif
