"""``gongkai reindex``: rebuild the search index, or check it against the database."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence

from gongkai.cli import setup_django


def reindex_main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="gongkai reindex",
        description="重建全文检索索引（已发布的主动公开信息），或检查索引与数据库是否一致。",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="只检查：列出缺失、多余和过期的条目；不一致时退出状态为 1",
    )
    parser.add_argument(
        "--repair", action="store_true", help="检查并只更新不一致的条目（不重建整个索引）"
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=min(4, os.cpu_count() or 1),
        help="分词进程数（默认：CPU 核数，最多 4）",
    )
    parser.add_argument("--quiet", action="store_true", help="不显示进度条")
    args = parser.parse_args(list(argv))
    setup_django()

    from gongkai.catalogue import search
    from gongkai.catalogue.models import Record, RecordStatus

    if args.check or args.repair:
        result = search.check()
        print(
            f"数据库已发布 {result.published} 条，索引 {result.indexed} 条；"
            f"缺失 {len(result.missing)}，多余 {len(result.extra)}，过期 {len(result.stale)}。"
        )
        for label, ids in (
            ("缺失", result.missing),
            ("多余", result.extra),
            ("过期", result.stale),
        ):
            if ids:
                shown = ", ".join(str(i) for i in ids[:20])
                print(f"  {label}: {shown}{' …' if len(ids) > 20 else ''}")
        if args.repair and not result.ok:
            touched = search.repair(result)
            print(f"已更新 {touched} 条。")
            return 0
        return 0 if result.ok else 1

    total = Record.objects.filter(status=RecordStatus.PUBLISHED).count()
    started = time.perf_counter()
    if args.quiet:
        count = search.reindex(jobs=args.jobs)
    else:
        from tqdm import tqdm

        with tqdm(total=total, unit="条", desc="重建索引", file=sys.stderr) as bar:
            count = search.reindex(jobs=args.jobs, progress=bar.update)
    took = time.perf_counter() - started
    rate = count / took if took > 0 else 0.0
    print(f"索引已重建：{count} 条，用时 {took:.1f} 秒（{rate:,.0f} 条/秒）。")
    return 0
