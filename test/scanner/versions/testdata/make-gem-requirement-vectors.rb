# Generates gem-requirements.json with RubyGems (Gem::Requirement#satisfied_by?, Gem::Version#<=>).
# Run: ruby make-gem-requirement-vectors.rb > gem-requirements.json
require 'json'
versions = %w[0.9 1.0 1.0.0 1.0.a 1.0.0.pre 1.0.1 1.1 1.1.b2 1.2 1.2.3 1.2.3.1 1.2.4 1.3 1.3.0.rc1 1.9 2.0 2.0.0.beta1 2.0.1 2.5 3.0 5.x 1.0.0-rc1]
reqs = ['= 1.0', '!= 1.0', '> 1.0', '< 1.2', '>= 1.0', '<= 1.2', '~> 1.2', '~> 1.2.3', '~> 1.0.0', '~> 2.0', '~> 1',
        '>= 1.0, < 1.3', '~> 1.2, >= 1.2.3', '1.0', '~> 1.3.0.rc1', '>= 2.0.0.beta1']
rows = []
reqs.each do |r|
  req = Gem::Requirement.new(*r.split(',').map(&:strip))
  versions.each { |v| rows << [v, r, req.satisfied_by?(Gem::Version.new(v))] }
end
order = []
versions.each { |a| versions.each { |b| order << [a, b, Gem::Version.new(a) <=> Gem::Version.new(b)] } }
puts "{\n\"satisfies\": [\n" + rows.map(&:to_json).join(",\n") + "\n],\n\"compare\": [\n" + order.map(&:to_json).join(",\n") + "\n]\n}"
