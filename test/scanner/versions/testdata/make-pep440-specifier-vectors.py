"""Generates pep440-specifiers.json with Python `packaging` (SpecifierSet.contains, prereleases=True).
Run: python3 make-pep440-specifier-vectors.py > pep440-specifiers.json"""
import json
from packaging.specifiers import SpecifierSet
from packaging.version import Version

versions = ["0.9", "1.0.dev1", "1.0a1", "1.0a2.dev3", "1.0b1", "1.0rc1", "1.0", "1.0+local.1", "1.0.post1", "1.0.post1.dev2",
            "1.0.1", "1.1", "1.1.0", "1.1rc1", "1.2", "1.2.post1", "1.2+abc", "1.3.dev0", "1.9.9", "2.0", "2.0.0a1", "2.0.1",
            "2.2", "2.2.1", "2.3", "3.0", "1!0.5", "1!1.0", "10.0", "1.4.5", "1.4.6a1"]
specs = ["==1.0", "==1.0.0", "!=1.0", "==1.*", "==1.0.*", "!=1.0.*", "==2.0.*", ">=1.0", ">1.0", "<1.1", "<=1.1", "<2.0",
         ">=1.0,<2.0", "~=1.0", "~=1.1.0", "~=2.2", "~=2.2.0", "~=1.4.5", "~=1.4.5a4", "===1.0", "==1.0+local.1",
         ">1.0.post0", ">=1!0", "<1!0", ">=1.0a1,<1.0", "<1.0rc1", ">1.0a1", "==1.2", ">1.2", "<=1.0.dev1", ">=0.9, !=1.1.*, <3",
         "~=1.0.post1", "==1!1.*"]
rows = []
for s in specs:
    ss = SpecifierSet(s)
    for v in versions:
        rows.append([v, s, ss.contains(Version(v), prereleases=True)])
print("[\n" + ",\n".join(json.dumps(r) for r in rows) + "\n]")
