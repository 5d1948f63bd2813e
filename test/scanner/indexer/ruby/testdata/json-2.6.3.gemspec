# -*- encoding: utf-8 -*-
# stub: json 2.6.3 ruby lib
# stub: ext/json/ext/generator/extconf.rb ext/json/ext/parser/extconf.rb

Gem::Specification.new do |spec|
  spec.name = "json".freeze
  spec.version = "2.6.3"

  spec.required_rubygems_version = Gem::Requirement.new(">= 0".freeze) if spec.respond_to? :required_rubygems_version=
  spec.authors = ["Florian Frank".freeze]
  spec.license = "Ruby".freeze
  spec.summary = "JSON Implementation for Ruby".freeze
end
