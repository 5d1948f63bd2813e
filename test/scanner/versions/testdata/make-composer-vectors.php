<?php
// Generates composer.json vectors with Debian's php-composer-semver (composer/semver 3.x).
// Run: php make-composer-vectors.php > composer.json
require '/usr/share/php/Composer/Semver/autoload.php';
use Composer\Semver\VersionParser;
use Composer\Semver\Semver;

$p = new VersionParser();
$inputs = ['1.0.0', '1.2.3.4', '1.0.0RC1dev', '1.0.0-rC15-dev', '1.0.0.RC.15-dev', '1.0.0-rc1', '1.0.0-pl3-dev', '1.0-dev',
  '0', '10.4.13-beta', '10.4.13beta2', '10.4.13beta.2', 'v1.13.11-beta.0', '1.13.11.0-beta0', '10.4.13-b', '10.4.13-b5',
  'v1.0.0', '2010.01', '2010.01.02', '2010-01-02', '2010-01-02.5', '20100102-203040', '20100102203040-10', '20100102-203040-p1',
  '1.0.0-beta.5+foo', '1.0.0+foo', '1.0.0-alpha.3.1+foo', '1.0.0+foo@dev', '1.0.0-alpha', '1.0.0-alpha2', '1.0.0-beta',
  '1.0.0-beta1', '1.0.0-RC', '1.0.0-patch1', '1.0.0-p2', '1.0.0-pl3', '1.0.0-dev', '1.0', '1', '2.0.0', '2.1', '1.999.999',
  'v2.0.0-alpha1', '3.0.0-stable', 'dev-master', 'dev-feature/foo', '1.x-dev', '2.1.x-dev', '1.0.0@beta', '0.9.1', '1.0.1',
  '1.0.2', '1.1.0', '1.1.0-beta2', '1.5.3', '2.0.0-RC2', '2.3.5', '3.4.1', '5.4.9', '5.4.10', '5.4.10-beta1'];
$normalize = [];
$valid = [];
foreach ($inputs as $in) {
  try { $n = $p->normalize($in); $normalize[] = [$in, $n]; $valid[] = $in; }
  catch (\Exception $e) { $normalize[] = [$in, null]; }
}
foreach (['', 'foo', '1.0.0-meh', '1.0.0.0.0', 'feature-foo', '1.0 .2', 'a', '1.0.0+foo bar', '^1', '1.0.0-alpha-1'] as $bad) {
  try { $n = $p->normalize($bad); $normalize[] = [$bad, $n]; } catch (\Exception $e) { $normalize[] = [$bad, null]; }
}
$compare = [];
$numbered = array_values(array_filter($valid, fn($v) => strpos($p->normalize($v), 'dev-') !== 0));
foreach ($numbered as $a) foreach ($numbered as $b) {
  $compare[] = [$a, $b, version_compare($p->normalize($a), $p->normalize($b))];
}
$constraints = ['^1.0', '^1.2.3', '^0.3', '^0.0.3', '~1.2', '~1.2.3', '~1', '1.0.*', '1.*', '*', '>=1.0 <2.0', '>=1.0,<1.1 || >=1.2',
  '1.0 - 2.0', '1.2.3 - 2.3.4', '1.2 - 2.3.0', '>=1.0.0-beta', '<1.0.2', '<=1.0.2', '>2.0', '!=1.0.1', '1.0.1', '==1.0.1',
  '>=2.1@dev', '^2.0@RC', '~2.1.0 | ^3.0', '>=5.4.0,<5.4.10', '>=3.0.0,<3.4.2', '<2.3.5', 'dev-master', '>=1.0 <1.1|| >=2.0',
  '^1.0.0-beta1', '2.1.x-dev', '<1.1.0-beta2', '>= 1.0.0, < 1.5.3'];
$satisfies = [];
foreach ($constraints as $c) foreach ($valid as $v) {
  $satisfies[] = [$v, $c, Semver::satisfies($v, $c)];
}
echo json_encode(['normalize' => $normalize, 'compare' => $compare, 'satisfies' => $satisfies], JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES), "\n";
