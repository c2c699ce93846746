# eventc.mk: make rules that generate C from EventBridge rules and event schemas.
#
#   EVENTC ?= eventc
#   include path/to/eventc.mk
#   $(eval $(call eventc_compile,bus,rules.yaml schemas/ticket.json))   # -> bus.h, bus.c in $(EVENTC_OUT)
#   app: main.o $(EVENTC_OUT)/bus.o ; $(CC) -o $@ $^ $(EVENTC_LIBS)
#   main.o: $(EVENTC_OUT)/bus.h
#
# The rule writes a depfile, included below, so a change to any file the inputs refer to
# (a $ref'd schema, say) regenerates the code.
EVENTC ?= eventc
EVENTC_OUT ?= eventc-gen
EVENTC_FLAGS ?=

# $(1) = name, $(2) = inputs, $(3) = optional symbol prefix
define eventc_compile
$(EVENTC_OUT)/$(1).c $(EVENTC_OUT)/$(1).h &: $(2)
	@mkdir -p $(EVENTC_OUT)
	$(EVENTC) compile -o $(EVENTC_OUT) --name $(1) $(if $(3),--prefix $(3)) --depfile $(EVENTC_OUT)/$(1).d $(EVENTC_FLAGS) $(2)
-include $(EVENTC_OUT)/$(1).d
endef
