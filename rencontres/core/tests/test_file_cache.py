from django.core.cache.backends.filebased import FileBasedCache

from rencontres.core.cache import FileCache


def test_file_cache_scans_its_folder_now_and_then_and_stays_bounded(tmp_path, monkeypatch):
    scans = []
    original = FileBasedCache._list_cache_files

    def counted(self):
        scans.append(1)
        return original(self)

    monkeypatch.setattr(FileBasedCache, "_list_cache_files", counted)
    cache = FileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 20, "CULL_EVERY": 5}})
    for number in range(200):
        cache.set(f"page-{number}", "x" * 10)
    # The stock backend scans on each of the 200 writes.
    assert len(scans) == 200 // 5
    entries = len(list(tmp_path.glob("*.djcache")))
    assert 10 <= entries <= 20 + 5, "culled, with at most CULL_EVERY writes between two culls"
    assert cache.get("page-199") == "x" * 10
