from django.core.cache.backends.filebased import FileBasedCache

from rencontres.core.cache import FileCache


def test_file_cache_scans_its_folder_now_and_then_and_stays_bounded(tmp_path, monkeypatch):
    scans = []
    original = FileCache._list_cache_files

    def counted(self):
        scans.append(1)
        return original(self)

    monkeypatch.setattr(FileCache, "_list_cache_files", counted)
    cache = FileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 20, "CULL_EVERY": 5}})
    for number in range(200):
        cache.set(f"page-{number}", "x" * 10)
    # The stock backend scans on each of the 200 writes.
    assert len(scans) == 200 // 5
    entries = len(list(tmp_path.glob("*.djcache")))
    assert 10 <= entries <= 20 + 5, "culled, with at most CULL_EVERY writes between two culls"
    assert cache.get("page-199") == "x" * 10


def test_file_cache_lists_the_entries_the_stock_backend_lists(tmp_path):
    cache = FileCache(str(tmp_path), {})
    for number in range(30):
        cache.set(f"page-{number}", number)
    (tmp_path / "public-pages.generation").write_text("1\n")
    stock = FileBasedCache(str(tmp_path), {})
    assert sorted(cache._list_cache_files()) == sorted(stock._list_cache_files())
    assert len(cache._list_cache_files()) == 30
    cache.clear()
    assert [path.name for path in tmp_path.iterdir()] == ["public-pages.generation"]
    assert FileCache(str(tmp_path / "not-yet"), {})._list_cache_files() == []
