package hub.citybrain.sharing.audit;

import java.util.List;

/**
 * A page request with defaults and bounds: a page is at most {@link #MAX_SIZE} entries, and pages are counted
 * from 0. Deep paging is bounded too, since a skip walks the skipped entries; narrow the time range instead.
 */
record Paging(int page, int size) {

    static final int DEFAULT_SIZE = 20;
    static final int MAX_SIZE = 200;
    static final int MAX_PAGE = 10_000;

    static Paging of(Integer page, Integer size) {
        return new Paging(page == null ? 0 : page, size == null ? DEFAULT_SIZE : size);
    }

    long skip() {
        return (long) page * size;
    }

    /** The one page shape of the audit API. */
    <T> Page<T> page(List<T> items, long total) {
        return new Page<>(items, page, size, total, (int) ((total + size - 1) / size));
    }

    record Page<T>(List<T> items, int page, int size, long totalElements, int totalPages) {
    }
}
